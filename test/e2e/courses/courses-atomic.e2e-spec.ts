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
    // a role of the name the course's last role takes: the creation fails after the course
    // row, its groups and its grader account are written
    await rawQuery(
      hub!.dataSource,
      "INSERT INTO roles (name, scopes, managed_by_auth) VALUES (?, '[]', ?)",
      ['nbgrader-service-broken', false],
    );
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
