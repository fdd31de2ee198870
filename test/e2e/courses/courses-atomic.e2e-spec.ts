import { LoginRecords } from '@orrery/api';
import type { AuthResult } from '@orrery/auth';
import { rawQuery } from '@orrery/core';
import { HubFixture, startHub } from '../fixtures/hub-fixture';
import { createTestDatabase, TestDatabase } from '../fixtures/test-database';
import { courseRows, groupMembers, groupNames, roleScopes, rolesOf } from './courses-helpers';

const launchOf = (user: string, contextId: string, label: string): AuthResult => ({
  name: user,
  course: {
    id: contextId,
    label,
    title: null,
    roles: ['instructor'],
    platform: 'lti11:k',
    claims: { context_id: contextId, context_label: label },
  },
});

async function count(hub: HubFixture, sql: string, params: unknown[]): Promise<number> {
  const rows = await rawQuery<{ n: unknown }>(hub.dataSource, sql, params);
  return Number(rows[0].n);
}

/** A trigger that makes inserting the service `name` fail, in either database. */
async function failServiceInsert(hub: HubFixture, name: string): Promise<void> {
  if (hub.dataSource.options.type === 'postgres') {
    // DDL waits for every lock on the table: fail the test instead of hanging it
    await hub.dataSource.query("SET lock_timeout = '10s'");
    await hub.dataSource.query(
      `CREATE FUNCTION refuse_service() RETURNS trigger AS $$ BEGIN IF NEW.name = '${name}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await hub.dataSource.query(
      'CREATE TRIGGER refuse_service BEFORE INSERT ON services FOR EACH ROW EXECUTE FUNCTION refuse_service()',
    );
  } else {
    await hub.dataSource.query(
      `CREATE TRIGGER refuse_service BEFORE INSERT ON services WHEN NEW.name = '${name}' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`,
    );
  }
}

/**
 * A course is created in the login's one transaction, so a crash (a `kill -9`) or a failure
 * part-way leaves it whole or absent: the database commits all of it or none. The failure
 * path is driven here; the crash path is the same rollback, done by the database at restart.
 */
describe('course creation is whole or absent, and survives a restart', () => {
  const config = { Courses: { enabled: true } };
  let database: TestDatabase;
  let hub: HubFixture | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    hub = await startHub(config, undefined, database);
  });

  afterAll(async () => {
    await hub?.close();
    await database?.drop();
  });

  const record = (result: AuthResult) =>
    hub!.app.get(LoginRecords).record({ name: result.name, admin: undefined, result });

  it('rolls back every object of a creation that fails part-way, and the login with it', async () => {
    // the database refuses the course's service, its last write: the course row, groups,
    // grader account and roles are written by then
    await failServiceInsert(hub!, 'broken');
    await expect(record(launchOf('ivy', 'ctx-broken', 'BROKEN'))).rejects.toThrow();
    expect((await courseRows(hub!)).map((course) => course.name)).not.toContain('broken');
    expect((await groupNames(hub!)).filter((name) => name.endsWith('-broken'))).toEqual([]);
    expect(
      await count(hub!, 'SELECT COUNT(*) AS n FROM users WHERE name IN (?, ?)', [
        'grader-broken',
        'ivy',
      ]),
    ).toBe(0);
    expect(await count(hub!, 'SELECT COUNT(*) AS n FROM services WHERE name = ?', ['broken'])).toBe(
      0,
    );
    expect(
      await count(
        hub!,
        "SELECT COUNT(*) AS n FROM roles WHERE name IN ('formgrade-broken', 'nbgrader-broken')",
        [],
      ),
    ).toBe(0);
  });

  it('adopts groups and roles of the course names that exist already (a hand-written nbgrader setup)', async () => {
    await rawQuery(
      hub!.dataSource,
      "INSERT INTO groups (name, properties) VALUES ('nbgrader-demo1', '{}')",
    );
    await rawQuery(
      hub!.dataSource,
      "INSERT INTO roles (name, scopes, managed_by_auth) VALUES ('formgrade-demo1', '[\"access:services!service=demo1\"]', ?)",
      [false],
    );
    await record(launchOf('dee', 'ctx-demo', 'DEMO1'));
    expect((await courseRows(hub!)).map((course) => course.name)).toContain('demo1');
    expect(await groupMembers(hub!, 'formgrade-demo1')).toEqual(['dee', 'grader-demo1']);
    expect(await groupMembers(hub!, 'nbgrader-demo1')).toEqual(['grader-demo1']);
    expect(await rolesOf(hub!, 'group', 'formgrade-demo1')).toEqual(['formgrade-demo1']);
  });

  it('keeps a whole course, with its roles, across a hub restart', async () => {
    await record(launchOf('ian', 'ctx-1', 'ASTRO1'));
    await hub!.close();
    hub = undefined;
    hub = await startHub(config, undefined, database);
    expect((await courseRows(hub)).map((course) => course.name)).toContain('astro1');
    expect(await groupMembers(hub, 'formgrade-astro1')).toEqual(['grader-astro1', 'ian']);
    expect(await rolesOf(hub, 'group', 'formgrade-astro1')).toEqual(['formgrade-astro1']);
    expect(await rolesOf(hub, 'group', 'nbgrader-astro1')).toEqual(['nbgrader-astro1']);
    expect(await rolesOf(hub, 'service', 'astro1')).toEqual(['nbgrader-service-astro1']);
    expect(await roleScopes(hub, 'formgrade-astro1')).toContain('access:services!service=astro1');
    const check = await hub
      .http()
      .get('/hub/api/courses/astro1/check')
      .set(hub.auth(hub.tokens.admin));
    expect(
      check.body.problems.filter((problem: string) => /role|group|service/.test(problem)),
    ).toEqual([]);
  });
});
