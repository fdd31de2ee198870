import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dataSourceForUrl, HubError, LocalUidEntity } from '@orrery/core';
import { DataSource } from 'typeorm';
import { LocalUidAllocator } from './local-uid-allocator';

describe('LocalUidAllocator', () => {
  let dir: string;
  let dataSource: DataSource;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-uids-'));
    dataSource = dataSourceForUrl(`sqlite:///${path.join(dir, 'db.sqlite')}`);
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  afterEach(async () => {
    await dataSource.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives a name the first uid of the range, and the same uid every time after', async () => {
    const uids = new LocalUidAllocator(dataSource, '5000-5009');
    expect(await uids.uidFor('alice')).toBe(5000);
    expect(await uids.uidFor('bob')).toBe(5001);
    expect(await uids.uidFor('alice')).toBe(5000);
  });

  it('never gives two names one uid, also when their first spawns come at once', async () => {
    // two allocators over one database, as two requests (or two hubs) racing
    const [one, two] = [0, 1].map(() => new LocalUidAllocator(dataSource, '5000-5099'));
    const names = Array.from({ length: 40 }, (_, i) => `user${i}`);
    const uids = await Promise.all(names.flatMap((name) => [one.uidFor(name), two.uidFor(name)]));
    for (let i = 0; i < names.length; i++) expect(uids[2 * i]).toBe(uids[2 * i + 1]);
    const distinct = new Set(uids);
    expect(distinct.size).toBe(names.length);
    expect(await dataSource.getRepository(LocalUidEntity).count()).toBe(names.length);
  });

  it('does not reuse the uid of a name whose row is gone, and says when the range is used up', async () => {
    const uids = new LocalUidAllocator(dataSource, '5000-5001');
    await uids.uidFor('a');
    await uids.uidFor('b');
    await dataSource.getRepository(LocalUidEntity).delete({ userName: 'a' });
    await expect(uids.uidFor('c')).rejects.toThrow(HubError);
    await expect(uids.uidFor('c')).rejects.toThrow(
      /No free uid left in LocalProcessSpawner.uid_range \(5000-5001\)/,
    );
  });
});
