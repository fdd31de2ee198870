import { rawQuery } from '@orrery/core';
import { HubFixture } from '../fixtures/hub-fixture';
import { listeningServerHub } from '../fixtures/lti11-launch';
import { spawnConfig } from '../servers-helpers';
import {
  CONSUMERS,
  courseRows,
  groupMembers,
  groupNames,
  launch11,
  roleScopes,
  rolesOf,
} from './courses-helpers';

/** moodle.json: user 27, Instructor of context 12 labelled PHYS201. */
const PHYS = 'phys201';

describe('courses from LTI 1.1 launches (signed by oauthlib)', () => {
  let hub: HubFixture;
  listeningServerHub(
    (home, hubBindUrl) => ({
      ...spawnConfig(home),
      JupyterHub: { authenticator_class: 'lti11', hub_bind_url: hubBindUrl },
      Authenticator: { allow_all: true },
      LTI11Authenticator: { consumers: CONSUMERS },
      Courses: { enabled: true },
    }),
    (started) => (hub = started),
  );

  it("creates the course at an instructor's first launch: groups, grader, roles, service", async () => {
    expect((await launch11(hub, 'moodle')).status).toBe(302);
    expect(await courseRows(hub)).toEqual([
      expect.objectContaining({
        name: PHYS,
        title: 'Classical Mechanics',
        lms_platform: 'lti11:moodle-key',
        lms_context_id: '12',
      }),
    ]);
    expect(await groupMembers(hub, `formgrade-${PHYS}`)).toEqual(['27', `grader-${PHYS}`]);
    expect(await groupMembers(hub, `nbgrader-${PHYS}`)).toEqual([`grader-${PHYS}`]);
    expect(await roleScopes(hub, `formgrade-${PHYS}`)).toEqual(
      [`access:services!service=${PHYS}`, 'list:services', `read:services!service=${PHYS}`].sort(),
    );
    expect(await roleScopes(hub, `nbgrader-${PHYS}`)).toEqual(
      ['list:services', `read:services!service=${PHYS}`].sort(),
    );
    expect(await rolesOf(hub, 'group', `formgrade-${PHYS}`)).toEqual([`formgrade-${PHYS}`]);
    expect(await rolesOf(hub, 'group', `nbgrader-${PHYS}`)).toEqual([`nbgrader-${PHYS}`]);
    expect(await rolesOf(hub, 'service', PHYS)).toEqual([`nbgrader-service-${PHYS}`]);
    expect(await roleScopes(hub, `nbgrader-service-${PHYS}`)).toEqual(
      [
        `read:users:groups!group=nbgrader-${PHYS}`,
        `read:users:groups!group=formgrade-${PHYS}`,
        `list:groups!group=nbgrader-${PHYS}`,
        `list:groups!group=formgrade-${PHYS}`,
        `admin:groups!group=nbgrader-${PHYS}`,
        `groups!group=nbgrader-${PHYS}`,
      ].sort(),
    );
    const service = await hub
      .http()
      .get(`/hub/api/services/${PHYS}`)
      .set(hub.auth(hub.tokens.adminService))
      .expect(200);
    expect(service.body).toMatchObject({ name: PHYS, info: { course: PHYS } });
    const clients = await rawQuery<{ redirect_uri: string }>(
      hub.dataSource,
      'SELECT redirect_uri FROM oauth_clients WHERE identifier = ?',
      [`service-${PHYS}`],
    );
    expect(clients).toEqual([{ redirect_uri: `/services/${PHYS}/oauth_callback` }]);
    const noConfirm = await rawQuery<{ oauth_no_confirm: unknown }>(
      hub.dataSource,
      'SELECT oauth_no_confirm FROM services WHERE name = ?',
      [PHYS],
    );
    expect(Boolean(noConfirm[0].oauth_no_confirm)).toBe(true);
  });

  it('puts a learner of the same context in the learners group, without a second course', async () => {
    const answer = await launch11(hub, 'moodle', { set: { user_id: '28', roles: 'Learner' } });
    expect(answer.status).toBe(302);
    expect((await courseRows(hub)).map((course) => course.name)).toEqual([PHYS]);
    expect(await groupMembers(hub, `nbgrader-${PHYS}`)).toEqual(['28', `grader-${PHYS}`]);
  });

  it('moves a learner who becomes a TA from the learners to the staff group', async () => {
    await launch11(hub, 'moodle', { set: { user_id: '29', roles: 'Learner' } });
    expect(await groupMembers(hub, `nbgrader-${PHYS}`)).toContain('29');
    await launch11(hub, 'moodle', {
      set: { user_id: '29', roles: 'urn:lti:role:ims/lis/TeachingAssistant' },
    });
    expect(await groupMembers(hub, `nbgrader-${PHYS}`)).not.toContain('29');
    expect(await groupMembers(hub, `formgrade-${PHYS}`)).toContain('29');
  });

  it('gives another context whose label normalises to a taken id a distinct id', async () => {
    const answer = await launch11(hub, 'moodle', {
      set: { user_id: '40', context_id: '99', context_label: 'Phys201!', roles: 'Learner' },
    });
    expect(answer.status).toBe(302);
    const other = (await courseRows(hub)).find((course) => course.lms_context_id === '99');
    expect(other?.name).toMatch(new RegExp(`^${PHYS}-[0-9a-f]{4}$`));
    expect(await groupMembers(hub, `nbgrader-${other?.name}`)).toEqual([
      '40',
      `grader-${other?.name}`,
    ]);
    expect(await groupMembers(hub, `nbgrader-${PHYS}`)).not.toContain('40');
  });

  it('takes the same id from the same context label of another consumer key as another course', async () => {
    await launch11(hub, 'canvas', { set: { context_id: '12', context_label: 'PHYS201' } });
    const courses = (await courseRows(hub)).filter((course) => course.lms_context_id === '12');
    expect(courses.map((course) => course.lms_platform).sort()).toEqual([
      'lti11:canvas-key',
      'lti11:moodle-key',
    ]);
    expect(new Set(courses.map((course) => course.name)).size).toBe(2);
  });

  it('logs in a launch without a context as a plain login, with no course', async () => {
    const before = await courseRows(hub);
    const groups = await groupNames(hub);
    const answer = await launch11(hub, 'moodle', {
      set: { user_id: '50' },
      drop: ['context_id', 'context_label', 'context_title', 'context_type'],
    });
    expect(answer.status).toBe(302);
    expect(await courseRows(hub)).toEqual(before);
    expect(await groupNames(hub)).toEqual(groups);
    const user = await hub
      .http()
      .get('/hub/api/users/50')
      .set(hub.auth(hub.tokens.adminService))
      .expect(200);
    expect(user.body.groups).toEqual([]);
  });

  it('makes one course of two simultaneous first launches from one new context', async () => {
    const context = { context_id: '777', context_label: 'RACE1', roles: 'Learner' };
    const answers = await Promise.all(
      ['61', '62', '63'].map((user_id) =>
        launch11(hub, 'moodle', { set: { ...context, user_id } }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([302, 302, 302]);
    const race = (await courseRows(hub)).filter((course) => course.lms_context_id === '777');
    expect(race.map((course) => course.name)).toEqual(['race1']);
    expect(await groupMembers(hub, 'nbgrader-race1')).toEqual(['61', '62', '63', 'grader-race1']);
  });
});

describe('LTI 1.1 launches with Courses.enabled false', () => {
  let hub: HubFixture;
  listeningServerHub(
    (home, hubBindUrl) => ({
      ...spawnConfig(home),
      JupyterHub: { authenticator_class: 'lti11', hub_bind_url: hubBindUrl },
      Authenticator: { allow_all: true },
      LTI11Authenticator: { consumers: CONSUMERS },
    }),
    (started) => (hub = started),
  );

  it('log in as before: no course, no course groups, no grader user, no service', async () => {
    expect((await launch11(hub, 'moodle')).status).toBe(302);
    expect(await courseRows(hub)).toEqual([]);
    expect((await groupNames(hub)).filter((name) => /^(nbgrader|formgrade)-/.test(name))).toEqual(
      [],
    );
    const users = await rawQuery<{ name: string }>(hub.dataSource, 'SELECT name FROM users');
    expect(users.map((user) => user.name)).not.toContain(`grader-${PHYS}`);
    const services = await hub
      .http()
      .get('/hub/api/services')
      .set(hub.auth(hub.tokens.adminService))
      .expect(200);
    expect(Object.keys(services.body)).not.toContain(PHYS);
  });
});
