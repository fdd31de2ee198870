import {
  expectGroupSchema,
  GROUP_PERSONAS,
  GroupPersona,
  groupState,
  personaToken,
} from './fixtures/group-personas';
import { HubFixture, startHub } from './fixtures/hub-fixture';

const LONG_NAME = 'g'.repeat(256);

describe('groups: POST /hub/api/groups and POST|DELETE /hub/api/groups/{name}', () => {
  let hub: HubFixture;
  beforeAll(async () => {
    hub = await startHub(GROUP_PERSONAS);
  });
  afterAll(async () => {
    await hub.close();
  });

  const admin = () => hub.auth(hub.tokens.admin);

  it('creates several groups with members and answers 201 with their models', async () => {
    const response = await hub
      .http()
      .post('/hub/api/groups')
      .set(admin())
      .send({ groups: ['g1', 'g2'], users: ['alice', 'bob'] })
      .expect(201);
    expect(response.body).toEqual([
      { kind: 'group', name: 'g1', users: ['alice', 'bob'], roles: [], properties: {} },
      { kind: 'group', name: 'g2', users: ['alice', 'bob'], roles: [], properties: {} },
    ]);
    response.body.forEach(expectGroupSchema);
    const stored = await hub.http().get('/hub/api/groups/g2').set(admin()).expect(200);
    expect(stored.body.users).toEqual(['alice', 'bob']);
  });

  it('creates one group from a bodiless POST, as nbgrader sends it', async () => {
    const response = await hub
      .http()
      .post('/hub/api/groups/nbgrader-course101')
      .set(admin())
      .expect(201);
    expect(response.body).toEqual({
      kind: 'group',
      name: 'nbgrader-course101',
      users: [],
      roles: [],
      properties: {},
    });
  });

  it('creates one group with members', async () => {
    const response = await hub
      .http()
      .post('/hub/api/groups/g3')
      .set(admin())
      .send({ users: ['bob'] })
      .expect(201);
    expect(response.body.users).toEqual(['bob']);
  });

  const postMany = () =>
    hub.http().post('/hub/api/groups').set(admin()).set('Content-Type', 'application/json');

  it.each([
    ['no body', undefined, 400, 'Must specify at least one group to create'],
    ['an empty object', {}, 400, 'Must specify at least one group to create'],
    ['an empty list of groups', { groups: [] }, 400, 'Must specify at least one group to create'],
    ['a list body', ['g9'], 400, 'Must specify at least one group to create'],
    [
      'groups as a string',
      { groups: 'g9' },
      400,
      "group.groups must be <class 'list'>, not: <class 'str'>",
    ],
    [
      'a group name of the wrong type',
      { groups: [7] },
      400,
      "group names must be str, not <class 'int'>",
    ],
    [
      'users as a string',
      { groups: ['g9'], users: 'alice' },
      400,
      "group.users must be <class 'list'>, not: <class 'str'>",
    ],
    [
      'a user name of the wrong type',
      { groups: ['g9'], users: [null] },
      400,
      "usernames must be str, not <class 'NoneType'>",
    ],
    [
      'an unknown key',
      { groups: ['g9'], colour: 'red' },
      400,
      "Invalid JSON keys: {'colour': 'red'}",
    ],
    [
      'an unknown user',
      { groups: ['g9'], users: ['alice', 'nobody'] },
      400,
      'No such user: nobody',
    ],
    ['an empty group name', { groups: ['g9', ''] }, 400, "Invalid group name: ''"],
    [
      'a name too long for the database',
      { groups: [LONG_NAME] },
      400,
      `Invalid group name: '${LONG_NAME}'`,
    ],
    ['an existing group', { groups: ['g9', 'staff'] }, 409, 'Group staff already exists'],
    ['the same name twice', { groups: ['g9', 'g9'] }, 409, 'Group g9 already exists'],
  ])('refuses POST /groups with %s and changes nothing', async (_label, body, status, message) => {
    const before = await groupState(hub);
    const request = postMany();
    const response = await (
      body === undefined ? request : request.send(JSON.stringify(body))
    ).expect(status);
    expect(response.body).toEqual({ status, message });
    expect(await groupState(hub)).toEqual(before);
  });

  it.each([
    ['malformed JSON', '{"groups": [', 400, 'Invalid JSON in body of request'],
    ['a body over 1 MB', JSON.stringify({ groups: ['x'.repeat(1100 * 1024)] }), 413, null],
  ])('refuses POST /groups with %s and changes nothing', async (_label, body, status, message) => {
    const before = await groupState(hub);
    const response = await postMany().send(body).expect(status);
    expect(response.body.status).toBe(status);
    if (message) expect(response.body.message).toBe(message);
    expect(await groupState(hub)).toEqual(before);
  });

  it.each([
    ['an existing group', 'staff', {}, 409, 'Group staff already exists'],
    ['an unknown user', 'g9', { users: ['nobody'] }, 400, 'No such user: nobody'],
    ['a list body', 'g9', ['alice'], 400, "Invalid JSON data: ['alice']"],
    ['an unknown key', 'g9', { members: [] }, 400, "Invalid JSON keys: {'members': []}"],
    [
      'users of the wrong type',
      'g9',
      { users: {} },
      400,
      "group.users must be <class 'list'>, not: <class 'dict'>",
    ],
    ['a name too long for the database', LONG_NAME, {}, 400, `Invalid group name: '${LONG_NAME}'`],
  ])(
    'refuses POST /groups/{name} with %s and changes nothing',
    async (_label, name, body, status, message) => {
      const before = await groupState(hub);
      const response = await hub
        .http()
        .post(`/hub/api/groups/${name}`)
        .set(admin())
        .send(body as object)
        .expect(status);
      expect(response.body).toEqual({ status, message });
      expect(await groupState(hub)).toEqual(before);
    },
  );

  it.each([
    ['an admin', 'admin', 201],
    ['the admin service', 'adminService', 201],
    ['a service with a custom role (admin:groups)', 'nbgrader', 201],
    ['a plain user', 'alice', 403],
    ['a narrowed token', 'aliceNarrow', 403],
    ['a service with a custom role without group scopes', 'readerService', 403],
    ['a group-filtered role', 'dave', 403],
    ['a group-filtered role on users only', 'carol', 403],
  ] as [string, GroupPersona, number][])(
    'answers %s (%s) creating groups with %i',
    async (_label, persona, status) => {
      const token = await personaToken(hub, persona);
      const name = `by-${persona}`;
      const one = await hub
        .http()
        .post(`/hub/api/groups/${name}`)
        .set(hub.auth(token))
        .expect(status);
      const many = await hub
        .http()
        .post('/hub/api/groups')
        .set(hub.auth(token))
        .send({ groups: [`${name}-2`] })
        .expect(status);
      if (status === 403) {
        expect(one.body.message).toContain('requires any of [admin:groups]');
        expect(many.body.message).toContain('requires any of [admin:groups]');
        await hub.http().get(`/hub/api/groups/${name}`).set(admin()).expect(404);
      }
    },
  );

  it.each([
    ['a plain user', 'alice', 403],
    ['a narrowed token', 'aliceNarrow', 403],
    ['a service with a custom role without delete:groups', 'readerService', 403],
    ['a group-filtered role without delete:groups', 'dave', 403],
    ['a service with a custom role (admin:groups)', 'nbgrader', 204],
    ['the admin service', 'adminService', 204],
    ['an admin', 'admin', 204],
  ] as [string, GroupPersona, number][])(
    'answers %s (%s) deleting a group with %i',
    async (_label, persona, status) => {
      const name = `doomed-${persona}`;
      await hub
        .http()
        .post(`/hub/api/groups/${name}`)
        .set(admin())
        .send({ users: ['alice'] });
      const token = await personaToken(hub, persona);
      const response = await hub
        .http()
        .delete(`/hub/api/groups/${name}`)
        .set(hub.auth(token))
        .expect(status);
      const after = await hub.http().get(`/hub/api/groups/${name}`).set(admin());
      expect(after.status).toBe(status === 204 ? 404 : 200);
      if (status === 204) {
        expect(response.text).toBe('');
        const members = await hub.dataSource.query(
          'SELECT COUNT(*) AS n FROM user_group_map m LEFT JOIN groups g ON g.id = m.group_id WHERE g.id IS NULL',
        );
        expect(Number(members[0].n)).toBe(0);
      }
    },
  );

  it('answers concurrent creates of one group with one 201 and 409s', async () => {
    const responses = await Promise.all(
      [1, 2, 3, 4].map(() => hub.http().post('/hub/api/groups/raced').set(admin())),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
  });

  it('answers concurrent additions of the same members with 200 each', async () => {
    await hub.http().post('/hub/api/groups/raced-members').set(admin()).expect(201);
    const responses = await Promise.all(
      [1, 2, 3, 4].map(() =>
        hub
          .http()
          .post('/hub/api/groups/raced-members/users')
          .set(admin())
          .send({ users: ['alice', 'bob'] }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(responses[3].body.users).toEqual(['alice', 'bob']);
  });

  it('answers 404 deleting a group that does not exist', async () => {
    const response = await hub.http().delete('/hub/api/groups/nope').set(admin()).expect(404);
    expect(response.body).toEqual({ status: 404, message: 'No such group: nope' });
  });

  it('removes a deleted group from its members and from the role map', async () => {
    await hub
      .http()
      .post('/hub/api/groups/short-lived')
      .set(admin())
      .send({ users: ['bob'] });
    await hub.http().delete('/hub/api/groups/short-lived').set(admin()).expect(204);
    const bob = await hub.http().get('/hub/api/users/bob').set(admin()).expect(200);
    expect(bob.body.groups).not.toContain('short-lived');
  });
});
