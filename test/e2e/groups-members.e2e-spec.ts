import {
  expectGroupSchema,
  GROUP_PERSONAS,
  GroupPersona,
  groupState,
  personaToken,
} from './fixtures/group-personas';
import { HubFixture, startHub } from './fixtures/hub-fixture';

describe('groups: members (/groups/{name}/users) and properties (/groups/{name}/properties)', () => {
  let hub: HubFixture;
  beforeAll(async () => {
    hub = await startHub(GROUP_PERSONAS);
    await hub
      .http()
      .post('/hub/api/groups/course')
      .set(admin())
      .send({ users: ['alice'] });
    for (const name of ['carol', 'erin']) await hub.userToken(name);
  });
  afterAll(async () => {
    await hub.close();
  });

  const admin = () => hub.auth(hub.tokens.admin);
  const members = async (group: string) =>
    (await hub.http().get(`/hub/api/groups/${group}`).set(admin()).expect(200)).body.users;

  it('adds users, ignoring those already members and names given twice', async () => {
    const response = await hub
      .http()
      .post('/hub/api/groups/course/users')
      .set(admin())
      .send({ users: ['alice', 'erin', 'erin'] })
      .expect(200);
    expect(response.body).toEqual({
      kind: 'group',
      name: 'course',
      users: ['alice', 'erin'],
      roles: [],
      properties: {},
    });
    expectGroupSchema(response.body);
  });

  it('removes users given in a JSON body on DELETE, ignoring non-members', async () => {
    await hub
      .http()
      .post('/hub/api/groups/course/users')
      .set(admin())
      .send({ users: ['carol'] });
    const response = await hub
      .http()
      .delete('/hub/api/groups/course/users')
      .set(admin())
      .send({ users: ['carol', 'bob'] })
      .expect(200);
    expect(response.body.users).toEqual(['alice', 'erin']);
    expectGroupSchema(response.body);
  });

  it('reads the body of a DELETE without a Content-Type header', async () => {
    await hub
      .http()
      .post('/hub/api/groups/course/users')
      .set(admin())
      .send({ users: ['bob'] });
    const request = hub.http().delete('/hub/api/groups/course/users').set(admin());
    request.unset('Content-Type');
    const response = await request.send(Buffer.from('{"users": ["bob"]}')).expect(200);
    expect(response.body.users).toEqual(['alice', 'erin']);
  });

  it.each([
    ['POST', 'no body', undefined, 400, 'Invalid JSON data: None'],
    ['POST', 'no users key', {}, 400, 'Must specify users to add'],
    ['DELETE', 'no users key', { name: 'x' }, 400, 'Must specify users to delete'],
    ['POST', 'an unknown user', { users: ['bob', 'nobody'] }, 400, 'No such user: nobody'],
    ['DELETE', 'an unknown user', { users: ['alice', 'nobody'] }, 400, 'No such user: nobody'],
    [
      'POST',
      'users as a string',
      { users: 'bob' },
      400,
      "group.users must be <class 'list'>, not: <class 'str'>",
    ],
    [
      'DELETE',
      'a user name of the wrong type',
      { users: [1.5] },
      400,
      "usernames must be str, not <class 'float'>",
    ],
    [
      'POST',
      'an unknown key',
      { users: [], admin: true },
      400,
      "Invalid JSON keys: {'users': [], 'admin': True}",
    ],
    ['DELETE', 'a list body', ['alice'], 400, "Invalid JSON data: ['alice']"],
  ])(
    'refuses %s /groups/{name}/users with %s and changes nothing',
    async (method, _label, body, status, message) => {
      const before = await groupState(hub);
      const request =
        method === 'POST'
          ? hub.http().post('/hub/api/groups/course/users')
          : hub.http().delete('/hub/api/groups/course/users');
      request.set(admin());
      const response = await (body === undefined ? request : request.send(body as object)).expect(
        status,
      );
      expect(response.body).toEqual({ status, message });
      expect(await groupState(hub)).toEqual(before);
    },
  );

  it.each([
    ['malformed JSON', '{"users": ["bob"', 400],
    ['a body over 1 MB', JSON.stringify({ users: ['x'.repeat(1100 * 1024)] }), 413],
  ])('refuses adding users with %s and changes nothing', async (_label, body, status) => {
    const before = await groupState(hub);
    const response = await hub
      .http()
      .post('/hub/api/groups/course/users')
      .set(admin())
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(status);
    expect(response.body.status).toBe(status);
    expect(await groupState(hub)).toEqual(before);
  });

  it.each([
    ['POST', '/hub/api/groups/nope/users'],
    ['DELETE', '/hub/api/groups/nope/users'],
    ['PUT', '/hub/api/groups/nope/properties'],
  ])('answers %s %s with 404 for an unknown group', async (method, path) => {
    const request =
      method === 'POST'
        ? hub.http().post(path)
        : method === 'DELETE'
          ? hub.http().delete(path)
          : hub.http().put(path);
    const response = await request
      .set(admin())
      .send({ users: ['bob'] })
      .expect(404);
    expect(response.body).toEqual({ status: 404, message: 'No such group: nope' });
  });

  it.each([
    ['an admin', 'admin', 'course', 200],
    ['the admin service', 'adminService', 'course', 200],
    ['a service with a custom role (admin:groups)', 'nbgrader', 'course', 200],
    ['a group-filtered role on its group', 'dave', 'staff', 200],
    ['a group-filtered role on another group', 'dave', 'course', 404],
    ['a plain user', 'alice', 'course', 403],
    ['a narrowed token', 'aliceNarrow', 'course', 403],
    ['a service with a custom role without group scopes', 'readerService', 'course', 403],
    ['a group-filtered role on users only', 'carol', 'staff', 403],
  ] as [string, GroupPersona, string, number][])(
    'answers %s (%s) changing members and properties of %s with %i',
    async (_label, persona, group, status) => {
      const token = await personaToken(hub, persona);
      const before = await groupState(hub);
      const add = await hub
        .http()
        .post(`/hub/api/groups/${group}/users`)
        .set(hub.auth(token))
        .send({ users: ['erin'] })
        .expect(status);
      const remove = await hub
        .http()
        .delete(`/hub/api/groups/${group}/users`)
        .set(hub.auth(token))
        .send({ users: ['erin'] })
        .expect(status);
      const put = await hub
        .http()
        .put(`/hub/api/groups/${group}/properties`)
        .set(hub.auth(token))
        .send({ by: persona })
        .expect(status);
      if (status === 200) {
        expect(add.body.users).toContain('erin');
        expect(remove.body.users).not.toContain('erin');
        expect(put.body.properties).toEqual({ by: persona });
        await hub.http().put(`/hub/api/groups/${group}/properties`).set(admin()).send({});
      } else {
        for (const response of [add, remove, put]) {
          expect(response.body.message).toBe(
            status === 404
              ? 'No access to resources or resources not found'
              : 'Action is not authorized with current scopes; requires any of [groups]',
          );
        }
        expect(await groupState(hub)).toEqual(before);
      }
    },
  );

  it('replaces the properties with any JSON object', async () => {
    const membersBefore = await members('course');
    await hub
      .http()
      .put('/hub/api/groups/course/properties')
      .set(admin())
      .send({ a: 1, nested: { b: [true, null] } })
      .expect(200);
    const response = await hub
      .http()
      .put('/hub/api/groups/course/properties')
      .set(admin())
      .send({ c: 'x' })
      .expect(200);
    expect(response.body.properties).toEqual({ c: 'x' });
    const stored = await hub.http().get('/hub/api/groups/course').set(admin()).expect(200);
    expect(stored.body.properties).toEqual({ c: 'x' });
    expect(await members('course')).toEqual(membersBefore);
  });

  it.each([
    ['no body', undefined],
    ['a list', [1, 2]],
    ['a string', 'text'],
    ['null', null],
  ])('refuses properties given as %s with 400 and changes nothing', async (_label, body) => {
    const before = await groupState(hub);
    const request = hub
      .http()
      .put('/hub/api/groups/course/properties')
      .set(admin())
      .set('Content-Type', 'application/json');
    const response = await (
      body === undefined ? request : request.send(JSON.stringify(body))
    ).expect(400);
    expect(response.body).toEqual({ status: 400, message: 'Must specify properties' });
    expect(await groupState(hub)).toEqual(before);
  });

  it('follows what nbgrader does with its course groups', async () => {
    const token = await personaToken(hub, 'nbgrader');
    const auth = hub.auth(token);
    const list = await hub.http().get('/hub/api/groups').set(auth).expect(200);
    expect(Array.isArray(list.body)).toBe(true);
    expect(list.body.every((g: { name?: string }) => typeof g.name === 'string')).toBe(true);
    await hub.http().post('/hub/api/groups/formgrade-course101').set(auth).expect(201);
    await hub
      .http()
      .post('/hub/api/groups/formgrade-course101/users')
      .set(auth)
      .send({ users: ['bob'] })
      .expect(200);
    const bob = await hub.http().get('/hub/api/users/bob').set(auth).expect(200);
    expect(bob.body.groups).toContain('formgrade-course101');
    await hub
      .http()
      .delete('/hub/api/groups/formgrade-course101/users')
      .set(auth)
      .send({ users: ['bob'] })
      .expect(200);
    expect(await members('formgrade-course101')).toEqual([]);
  });
});
