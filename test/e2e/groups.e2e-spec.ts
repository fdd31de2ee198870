import {
  expectGroupSchema,
  GROUP_PERSONAS,
  GroupPersona,
  personaToken,
} from './fixtures/group-personas';
import { HubFixture, startHub } from './fixtures/hub-fixture';

const PAGINATION = 'application/jupyterhub-pagination+json';

describe('groups: GET /hub/api/groups and GET /hub/api/groups/{name}', () => {
  let hub: HubFixture;
  beforeAll(async () => {
    hub = await startHub(GROUP_PERSONAS);
  });
  afterAll(async () => {
    await hub.close();
  });

  const get = async (path: string, persona: GroupPersona, status: number, accept?: string) => {
    const token = await personaToken(hub, persona);
    const request = hub.http().get(path).set(hub.auth(token));
    if (accept) request.set('Accept', accept);
    return request.expect(status);
  };

  it('lists every group, ordered by id, as a bare list for an admin', async () => {
    const response = await get('/hub/api/groups', 'admin', 200);
    expect(response.body).toEqual([
      { kind: 'group', name: 'staff', users: ['alice', 'bob'], roles: [], properties: {} },
      { kind: 'group', name: 'other', users: ['bob'], roles: [], properties: { course: 'x' } },
    ]);
    response.body.forEach(expectGroupSchema);
  });

  it('paginates with the pagination Accept header', async () => {
    const response = await get('/hub/api/groups?limit=1', 'admin', 200, PAGINATION);
    expect(response.body.items.map((g: { name: string }) => g.name)).toEqual(['staff']);
    expect(response.body._pagination).toMatchObject({ offset: 0, limit: 1, total: 2 });
    expect(response.body._pagination.next).toMatchObject({ offset: 1, limit: 1 });
    expect(response.body._pagination.next.url).toContain('/hub/api/groups?limit=1&offset=1');
    const last = await get('/hub/api/groups?offset=1&limit=1', 'admin', 200, PAGINATION);
    expect(last.body.items.map((g: { name: string }) => g.name)).toEqual(['other']);
    expect(last.body._pagination.next).toBeNull();
  });

  it('refuses a non-integer offset with 400', async () => {
    const response = await get('/hub/api/groups?offset=x', 'admin', 400);
    expect(response.body.message).toBe('Invalid argument type, offset and limit must be integers');
  });

  it.each([
    ['an admin', 'admin', ['staff', 'other']],
    ['the admin service', 'adminService', ['staff', 'other']],
    ['a service with a custom role (admin:groups)', 'nbgrader', ['staff', 'other']],
    ['a group-filtered role', 'dave', ['staff']],
  ] as [string, GroupPersona, string[]][])('lists to %s: %j', async (_label, persona, names) => {
    const response = await get('/hub/api/groups', persona, 200);
    expect(response.body.map((g: { name: string }) => g.name)).toEqual(names);
  });

  it.each([
    ['a plain user', 'alice'],
    ['a narrowed token', 'aliceNarrow'],
    ['a service with a custom role without group scopes', 'readerService'],
    ['a group-filtered role on users only', 'carol'],
  ] as [string, GroupPersona][])('refuses the list to %s with 403', async (_label, persona) => {
    const response = await get('/hub/api/groups', persona, 403);
    expect(response.body).toEqual({
      status: 403,
      message: 'Action is not authorized with current scopes; requires any of [list:groups]',
    });
  });

  it('refuses a list:groups filter on anything but groups with a bare 403', async () => {
    const token = await hub.userToken('root', ['list:groups!user=alice']);
    const response = await hub.http().get('/hub/api/groups').set(hub.auth(token)).expect(403);
    expect(response.body).toEqual({ status: 403, message: null });
  });

  it('shows only names to a token holding list:groups alone', async () => {
    const token = await hub.userToken('root', ['list:groups']);
    const response = await hub.http().get('/hub/api/groups').set(hub.auth(token)).expect(200);
    expect(response.body).toEqual([
      { kind: 'group', name: 'staff' },
      { kind: 'group', name: 'other' },
    ]);
  });

  it('refuses a request without credentials with 403', async () => {
    const response = await hub.http().get('/hub/api/groups').expect(403);
    expect(response.body).toEqual({ status: 403, message: 'Missing or invalid credentials.' });
  });

  it.each([
    ['an admin', 'admin', 'other', 200],
    ['the admin service', 'adminService', 'staff', 200],
    ['a service with a custom role', 'nbgrader', 'staff', 200],
    ['a group-filtered role on its group', 'dave', 'staff', 200],
    ['a group-filtered role on another group', 'dave', 'other', 404],
    ['a plain user', 'alice', 'staff', 403],
    ['a narrowed token', 'aliceNarrow', 'staff', 403],
    ['a service with a custom role without group scopes', 'readerService', 'staff', 403],
    ['a group-filtered role on users only', 'carol', 'staff', 403],
  ] as [string, GroupPersona, string, number][])(
    'answers %s (%s) reading group %s with %i',
    async (_label, persona, group, status) => {
      const response = await get(`/hub/api/groups/${group}`, persona, status);
      if (status === 200) {
        expect(response.body).toMatchObject({ kind: 'group', name: group });
        expectGroupSchema(response.body);
      } else if (status === 404) {
        expect(response.body.message).toBe('No access to resources or resources not found');
      } else {
        expect(response.body.message).toContain('requires any of [read:groups, ');
      }
    },
  );

  it('answers 404 "No such group" to an admin', async () => {
    const response = await get('/hub/api/groups/nope', 'admin', 404);
    expect(response.body).toEqual({ status: 404, message: 'No such group: nope' });
  });

  it.each([
    ['read:groups:name', { kind: 'group', name: 'staff' }],
    ['read:roles:groups', { kind: 'group', name: 'staff', roles: [] }],
    ['read:groups', { kind: 'group', name: 'staff', users: ['alice', 'bob'], properties: {} }],
  ])('shows a token with %s only the fields it reveals', async (scope, model) => {
    const token = await hub.userToken('root', [scope]);
    const response = await hub.http().get('/hub/api/groups/staff').set(hub.auth(token)).expect(200);
    expect(response.body).toEqual(model);
  });

  it('finds a group whose name needs escaping in the URL', async () => {
    await hub
      .http()
      .post(`/hub/api/groups/${encodeURIComponent('a b/c')}`)
      .set(hub.auth(hub.tokens.admin))
      .expect(201);
    const response = await get(`/hub/api/groups/${encodeURIComponent('a b/c')}`, 'admin', 200);
    expect(response.body.name).toBe('a b/c');
  });
});
