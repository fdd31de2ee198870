import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { stringify } from 'yaml';
import { signLaunch } from '../../fixtures/lti11/sign-launch';
import { freePort } from '../../contracts/proxy/peers';
import { childEnv, ensureBuilt, ORRERY_BIN, Running, startUntil, tempDir } from '../cli/built-bins';
import { createTestDatabase, TestDatabase } from '../fixtures/test-database';
import { CONSUMERS } from './courses-helpers';

/**
 * PostgreSQL only: a second connection locks the roles table, so the hub's creation
 * transaction stops right where it inserts the course's roles, after the course row, its
 * groups and its grader account. That is the hook point; there the real bin gets a `kill -9`.
 */
const onPostgres = process.env.ORRERY_TEST_DATABASE_URL ? describe : describe.skip;

onPostgres('a hub killed with -9 in the middle of creating a course', () => {
  // the bins start twice (and dist/ may be built first)
  jest.setTimeout(180_000);
  let dir: string;
  let database: TestDatabase;
  let configFile: string;
  let publicOrigin: string;
  let hub: Running | undefined;
  let sql: Client;

  beforeAll(async () => {
    ensureBuilt();
    dir = tempDir('courses-kill');
    database = await createTestDatabase();
    publicOrigin = `http://127.0.0.1:${await freePort()}`;
    configFile = path.join(dir, 'orrery.yaml');
    fs.writeFileSync(
      configFile,
      stringify({
        JupyterHub: {
          authenticator_class: 'lti11',
          bind_url: publicOrigin,
          hub_bind_url: `http://127.0.0.1:${await freePort()}`,
          db_url: database.dbUrl,
          data_dir: dir,
        },
        Authenticator: { allow_all: true },
        LTI11Authenticator: { consumers: CONSUMERS },
        Courses: { enabled: true },
      }),
    );
    sql = new Client({ connectionString: database.dbUrl });
    await sql.connect();
  });

  afterAll(async () => {
    await hub?.stop();
    await sql?.end();
    await database?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = () =>
    startUntil(ORRERY_BIN, ['start', '--config', configFile], /hub API listening/, {
      cwd: dir,
      env: childEnv({ ORRERY_LOG_LEVEL: 'log' }),
    });

  const launch = (signal?: AbortSignal) => {
    const form = signLaunch(
      `${publicOrigin}/hub/lti/launch`,
      { key: 'moodle-key', secret: CONSUMERS['moodle-key'] },
      'moodle',
    );
    return fetch(`${publicOrigin}/hub/lti/launch`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.body,
      redirect: 'manual',
      signal,
    });
  };

  const count = async (query: string, params: unknown[] = []) =>
    Number((await sql.query(query, params)).rows[0].n);

  async function waitForBlockedRoleInsert(): Promise<void> {
    for (let tries = 0; tries < 200; tries++) {
      const waiting = await count(
        "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'INSERT INTO \"roles\"%'",
      );
      if (waiting > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the course creation never reached its roles');
  }

  it('leaves no part of the course after the restart, and the next launch makes it whole', async () => {
    hub = await start();
    const locker = new Client({ connectionString: database.dbUrl });
    await locker.connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE roles IN SHARE ROW EXCLUSIVE MODE');
      const aborted = new AbortController();
      const pending = launch(aborted.signal).catch(() => null);
      await waitForBlockedRoleInsert();
      process.kill(-(hub.child.pid as number), 'SIGKILL');
      await new Promise<void>((resolve) => hub!.child.once('exit', () => resolve()));
      hub = undefined;
      aborted.abort();
      await pending;
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect(await count('SELECT COUNT(*) AS n FROM courses')).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM groups WHERE name LIKE '%-phys201'")).toBe(0);
    expect(
      await count("SELECT COUNT(*) AS n FROM users WHERE name IN ('grader-phys201', '27')"),
    ).toBe(0);
    expect(await count("SELECT COUNT(*) AS n FROM services WHERE name = 'phys201'")).toBe(0);

    hub = await start();
    const answer = await launch();
    expect(answer.status).toBe(302);
    expect((await sql.query('SELECT name FROM courses')).rows).toEqual([{ name: 'phys201' }]);
    expect(
      await count(
        "SELECT COUNT(*) AS n FROM groups WHERE name IN ('nbgrader-phys201', 'formgrade-phys201')",
      ),
    ).toBe(2);
    expect(await count("SELECT COUNT(*) AS n FROM roles WHERE name LIKE '%-phys201'")).toBe(3);
    expect(await count("SELECT COUNT(*) AS n FROM services WHERE name = 'phys201'")).toBe(1);
    expect(
      await count("SELECT COUNT(*) AS n FROM users WHERE name IN ('grader-phys201', '27')"),
    ).toBe(2);
  });
});
