import {
  dataSourceForUrl,
  FakeClock,
  FirstUseAuthenticatorConfig,
  UserEntity,
  UserPasswordEntity,
} from '@orrery/core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { LoginError, UserDirectory } from '../authenticator';
import { CURRENT_PASSWORD_WRONG, FirstUseAuthenticator } from './first-use.authenticator';

describe('FirstUseAuthenticator', () => {
  let dir: string;
  let dataSource: DataSource;
  let users: UserDirectory;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-first-use-'));
    dataSource = dataSourceForUrl(`sqlite:///${path.join(dir, 'db.sqlite')}`);
    await dataSource.initialize();
    await dataSource.runMigrations();
    const repo = dataSource.getRepository(UserEntity);
    users = {
      find: (name) => repo.findOneBy({ name }),
      ensure: async (name) =>
        (await repo.findOneBy({ name })) ??
        repo.save(repo.create({ name, admin: false, created: new Date(), cookieId: `c-${name}` })),
    };
  });
  afterAll(async () => {
    await dataSource.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const make = (settings: Partial<FirstUseAuthenticatorConfig> = {}) =>
    new FirstUseAuthenticator(
      Object.assign(new FirstUseAuthenticatorConfig(), settings),
      dataSource,
      new FakeClock(),
    );

  it('sets the password at the first login and checks it afterwards', async () => {
    const auth = make();
    await expect(
      auth.authenticate({ username: 'ann', password: 'secret-1' }, users),
    ).resolves.toEqual({ name: 'ann' });
    await expect(
      auth.authenticate({ username: 'ann', password: 'secret-2' }, users),
    ).resolves.toBeNull();
    await expect(
      auth.authenticate({ username: 'ann', password: 'secret-1' }, users),
    ).resolves.toEqual({ name: 'ann' });
    const row = await dataSource.getRepository(UserPasswordEntity).findOneByOrFail({});
    expect(row.hashed).toMatch(/^\$2[aby]\$10\$/);
  });

  it('refuses a first password shorter than min_password_length, creating no user', async () => {
    const attempt = make({ min_password_length: 7 }).authenticate(
      { username: 'short', password: '123456' },
      users,
    );
    await expect(attempt).rejects.toThrow(
      new LoginError('Password too short! Please choose a password at least 7 characters long.'),
    );
    expect(await users.find('short')).toBeNull();
  });

  it('with create_users false, only existing users may set a first password', async () => {
    const auth = make({ create_users: false });
    await expect(
      auth.authenticate({ username: 'newbie', password: 'long-enough' }, users),
    ).resolves.toBeNull();
    await users.ensure('made-by-admin');
    await expect(
      auth.authenticate({ username: 'made-by-admin', password: 'long-enough' }, users),
    ).resolves.toEqual({ name: 'made-by-admin' });
  });

  it('with a registration key, a new name registers only with the key', async () => {
    const auth = make({ registration_key: 'workshop' });
    await expect(
      auth.authenticate(
        { username: 'kim', password: 'long-enough', registration_key: 'nope' },
        users,
      ),
    ).rejects.toThrow(LoginError);
    await expect(
      auth.authenticate(
        { username: 'kim', password: 'long-enough', registration_key: 'workshop' },
        users,
      ),
    ).resolves.toEqual({ name: 'kim' });
    // a registered user logs in without the key
    await expect(
      auth.authenticate({ username: 'kim', password: 'long-enough' }, users),
    ).resolves.toEqual({ name: 'kim' });
  });

  it('changes a password, refusing a short one', async () => {
    const auth = make();
    await auth.authenticate({ username: 'cid', password: 'first-pw' }, users);
    const cid = (await users.find('cid')) as { id: number };
    await expect(auth.changePassword(cid.id, 'first-pw', 'tiny')).resolves.toMatch(
      /^Password too short!/,
    );
    await expect(auth.changePassword(cid.id, 'first-pw', 'second-pw')).resolves.toBeNull();
    await expect(
      auth.authenticate({ username: 'cid', password: 'second-pw' }, users),
    ).resolves.toEqual({ name: 'cid' });
  });

  it('changes no password without the current one', async () => {
    const auth = make();
    await auth.authenticate({ username: 'eve', password: 'first-pw' }, users);
    const eve = (await users.find('eve')) as { id: number };
    await expect(auth.changePassword(eve.id, 'guessed-pw', 'taken-over')).resolves.toBe(
      CURRENT_PASSWORD_WRONG,
    );
    await expect(
      auth.authenticate({ username: 'eve', password: 'first-pw' }, users),
    ).resolves.toEqual({ name: 'eve' });
  });

  it('forgets the password when the user is deleted', async () => {
    const auth = make();
    await auth.authenticate({ username: 'del', password: 'first-pw' }, users);
    await dataSource.getRepository(UserEntity).delete({ name: 'del' });
    await expect(
      auth.authenticate({ username: 'del', password: 'other-pw' }, users),
    ).resolves.toEqual({ name: 'del' });
  });

  it('refuses names with commas or spaces', () => {
    expect(make().validateUsername('a,b')).toBe(false);
    expect(make().validateUsername('a b')).toBe(false);
    expect(make().validateUsername('ab')).toBe(true);
  });
});
