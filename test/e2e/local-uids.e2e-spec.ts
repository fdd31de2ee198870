import { dataSourceForUrl, LocalUidEntity } from '@orrery/core';
import type { DataSource } from 'typeorm';
import { LocalUidAllocator } from '../../libs/spawn/src/local/local-uid-allocator';
import { createTestDatabase, type TestDatabase } from './fixtures/test-database';

/**
 * The uids a hub run as root hands out, on the suite's database (SQLite, or PostgreSQL when
 * ORRERY_TEST_DATABASE_URL is set): two hubs' connections racing over the first spawns of the
 * same users never give one uid to two names.
 */
describe('local uid allocation on the database', () => {
  let database: TestDatabase;
  let hubs: DataSource[];

  beforeAll(async () => {
    database = await createTestDatabase();
    hubs = [dataSourceForUrl(database.dbUrl), dataSourceForUrl(database.dbUrl)];
    await hubs[0].initialize();
    await hubs[0].runMigrations();
    await hubs[1].initialize();
  });

  afterAll(async () => {
    for (const hub of hubs ?? []) if (hub.isInitialized) await hub.destroy();
    await database?.drop();
  });

  it('gives each of 30 racing users one uid of its own, the same on both hubs', async () => {
    const [one, two] = hubs.map((hub) => new LocalUidAllocator(hub, '700000-700999'));
    const names = Array.from({ length: 30 }, (_, i) => `racer-${i}`);
    const uids = await Promise.all(names.flatMap((name) => [one.uidFor(name), two.uidFor(name)]));
    for (let i = 0; i < names.length; i++) expect(uids[2 * i + 1]).toBe(uids[2 * i]);
    expect(new Set(uids).size).toBe(names.length);
    expect(Math.min(...uids)).toBe(700000);
    expect(await hubs[0].getRepository(LocalUidEntity).count()).toBe(names.length);
  }, 60_000);
});
