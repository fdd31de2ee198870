import { dataSourceForUrl, hashToken, rawQuery, tokenPrefix } from '@orrery/core';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ensureBuilt, ORRERY_BIN, run } from './built-bins';
import { hubConfigDir } from './hub-config-dir';

/**
 * `orrery upgrade-db` through the built bin on a database of the first schema that holds a
 * hub's data: the hub's OAuth client, a user, a group with that member, the user's API token. After the upgrade the
 * hub starts on it and the old token still works. On SQLite, or PostgreSQL in CI.
 */
jest.setTimeout(180_000);

const TOKEN = 'upgrade-test-token-0123456789abcdef';
const CREATED = '2026-01-02 03:04:05';

/** A database migrated by the first migration only, as the oldest Orrery left it. */
async function firstSchemaDatabase(dbUrl: string): Promise<void> {
  const full = dataSourceForUrl(dbUrl);
  const migrations = full.options.migrations as unknown[];
  const oldest = new DataSource({
    ...full.options,
    migrations: [migrations[0]],
  } as DataSourceOptions);
  await oldest.initialize();
  try {
    await oldest.runMigrations();
    await rawQuery(
      oldest,
      `INSERT INTO users (name, admin, created, cookie_id) VALUES ('alice', ?, ?, 'cookie-alice')`,
      [true, CREATED],
    );
    // the hub's own OAuth client, which every API token names
    await rawQuery(oldest, `INSERT INTO oauth_clients (identifier) VALUES ('jupyterhub')`);
    await rawQuery(oldest, `INSERT INTO groups (name, properties) VALUES ('staff', '{}')`);
    await rawQuery(
      oldest,
      `INSERT INTO user_group_map (group_id, user_id)
       SELECT g.id, u.id FROM groups g, users u WHERE g.name = 'staff' AND u.name = 'alice'`,
    );
    await rawQuery(
      oldest,
      `INSERT INTO api_tokens (hashed, prefix, user_id, scopes, note, created)
       SELECT ?, ?, id, '["inherit"]', 'from before the upgrade', ? FROM users WHERE name = 'alice'`,
      [hashToken(TOKEN), tokenPrefix(TOKEN), CREATED],
    );
  } finally {
    await oldest.destroy();
  }
}

describe('orrery upgrade-db on a database of an older schema with data', () => {
  beforeAll(() => ensureBuilt());
  const cli = hubConfigDir('upgrade', (database) => firstSchemaDatabase(database.dbUrl));

  const api = (pathname: string) =>
    fetch(`http://127.0.0.1:${cli.hubPort}/hub/api${pathname}`, {
      headers: { Authorization: `token ${TOKEN}` },
    });

  it('start refuses the older schema and asks for upgrade-db', async () => {
    const ran = await run(ORRERY_BIN, ['start', '--config', cli.configFile], { cwd: cli.dir });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('run `orrery upgrade-db`');
  });

  it('token refuses the older schema too, and asks for upgrade-db', async () => {
    const ran = await run(ORRERY_BIN, ['token', 'alice', '--config', cli.configFile], {
      cwd: cli.dir,
    });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain('run `orrery upgrade-db`');
  });

  it('upgrade-db applies every later migration, then has nothing left to apply', async () => {
    const ran = await run(ORRERY_BIN, ['upgrade-db', '--config', cli.configFile], { cwd: cli.dir });
    expect(ran.code).toBe(0);
    const later = (
      dataSourceForUrl(cli.database.dbUrl).options.migrations as { name: string }[]
    ).slice(1);
    expect(ran.stdout).toBe(`applied: ${later.map((migration) => migration.name).join(', ')}\n`);
    expect(later.length).toBeGreaterThan(1);
    const again = await run(ORRERY_BIN, ['upgrade-db', '-f', cli.configFile], { cwd: cli.dir });
    expect(again).toMatchObject({ code: 0, stdout: 'database is up to date\n' });
  });

  it('the hub starts on the upgraded database and the old token, user and group are there', async () => {
    await cli.start();
    const me = await api('/user');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ name: 'alice', admin: true, groups: ['staff'] });
    const user = await api('/users/alice');
    expect(await user.json()).toMatchObject({ created: '2026-01-02T03:04:05Z' });
    const group = await api('/groups/staff');
    expect(await group.json()).toMatchObject({ name: 'staff', users: ['alice'] });
  });
});
