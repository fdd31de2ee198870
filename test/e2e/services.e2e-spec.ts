import { HubFixture, startHub } from './fixtures/hub-fixture';
import {
  expectServiceSchema,
  SERVICE_PERSONAS,
  ServicePersona,
  servicePersonaToken,
} from './fixtures/service-personas';

const ADMIN_SVC = {
  kind: 'service',
  name: 'admin-svc',
  admin: true,
  roles: ['admin'],
  url: '',
  prefix: '',
  command: [],
  pid: 0,
  info: {},
  display: true,
};
const READER = { ...ADMIN_SVC, name: 'reader', admin: false, roles: ['user-reader'] };
const COURSE = {
  ...ADMIN_SVC,
  name: 'course101',
  admin: false,
  roles: [],
  url: 'http://127.0.0.1:9999',
  prefix: '/services/course101/',
  info: { course: 'course101' },
  display: false,
};
const MODELS: Record<string, object> = {
  'admin-svc': ADMIN_SVC,
  reader: READER,
  course101: COURSE,
};

describe('services: GET /hub/api/services and GET /hub/api/services/{name}', () => {
  let hub: HubFixture;
  beforeAll(async () => {
    hub = await startHub(SERVICE_PERSONAS);
  });
  afterAll(async () => {
    await hub.close();
  });

  const get = async (path: string, persona: ServicePersona, status: number) =>
    hub
      .http()
      .get(path)
      .set(hub.auth(await servicePersonaToken(hub, persona)))
      .expect(status);

  it('lists every service as an object keyed by name for an admin', async () => {
    const response = await get('/hub/api/services', 'admin', 200);
    expect(response.body).toEqual(MODELS);
    Object.values(response.body).forEach((model) =>
      expectServiceSchema(model as Record<string, unknown>),
    );
  });

  it('never paginates, even when asked to', async () => {
    const response = await hub
      .http()
      .get('/hub/api/services?limit=1')
      .set(hub.auth(hub.tokens.admin))
      .set('Accept', 'application/jupyterhub-pagination+json')
      .expect(200);
    expect(Object.keys(response.body)).toEqual(['admin-svc', 'reader', 'course101']);
  });

  it.each([
    ['the admin service', 'adminService', ['admin-svc', 'reader', 'course101']],
    ['a user with admin:services', 'sam', ['admin-svc', 'reader', 'course101']],
    ['a role filtered to one service', 'viewer', ['course101']],
  ] as [string, ServicePersona, string[]][])('lists to %s: %j', async (_label, persona, names) => {
    const response = await get('/hub/api/services', persona, 200);
    expect(Object.keys(response.body)).toEqual(names);
  });

  it.each([
    ['a plain user', 'alice'],
    ['a narrowed token', 'aliceNarrow'],
    ['a service with a custom role without service scopes', 'readerService'],
    ['a group-filtered role', 'carol'],
  ] as [string, ServicePersona][])('refuses the list to %s with 403', async (_label, persona) => {
    const response = await get('/hub/api/services', persona, 403);
    expect(response.body).toEqual({
      status: 403,
      message: 'Action is not authorized with current scopes; requires any of [list:services]',
    });
  });

  it('shows a token holding list:services alone only kind, name and admin', async () => {
    const token = await hub.userToken('root', ['list:services']);
    const response = await hub.http().get('/hub/api/services').set(hub.auth(token)).expect(200);
    expect(response.body.course101).toEqual({ kind: 'service', name: 'course101', admin: false });
    expect(response.body['admin-svc']).toEqual({
      kind: 'service',
      name: 'admin-svc',
      admin: true,
    });
  });

  it.each([
    ['an admin', 'admin', 'course101', 200],
    ['the admin service', 'adminService', 'reader', 200],
    ['a role filtered to one service, on it', 'viewer', 'course101', 200],
    ['a role filtered to one service, on another', 'viewer', 'reader', 404],
    ['a plain user', 'alice', 'course101', 403],
    ['a narrowed token', 'aliceNarrow', 'course101', 403],
    ['a service with a custom role without service scopes', 'readerService', 'course101', 403],
    ['a group-filtered role', 'carol', 'course101', 403],
  ] as [string, ServicePersona, string, number][])(
    'answers %s (%s) reading service %s with %i',
    async (_label, persona, name, status) => {
      const response = await get(`/hub/api/services/${name}`, persona, status);
      if (status === 200) {
        // read:services without read:roles:services reveals everything but the roles
        const { roles, ...withoutRoles } = MODELS[name] as { roles: string[] };
        expect(response.body).toEqual(
          persona === 'viewer' ? withoutRoles : { ...withoutRoles, roles },
        );
        expectServiceSchema(response.body);
      } else if (status === 404) {
        expect(response.body.message).toBe('No access to resources or resources not found');
      } else {
        expect(response.body.message).toBe(
          'Action is not authorized with current scopes; requires any of' +
            ' [read:services, read:services:name, read:roles:services]',
        );
      }
    },
  );

  it('answers 404 "No such service" to an admin', async () => {
    const response = await get('/hub/api/services/nope', 'admin', 404);
    expect(response.body).toEqual({ status: 404, message: 'No such service: nope' });
  });

  it.each([
    ['read:services:name', { kind: 'service', name: 'course101', admin: false }],
    ['read:roles:services', { kind: 'service', name: 'course101', admin: false, roles: [] }],
  ])('shows a token with %s only the fields it reveals', async (scope, model) => {
    const token = await hub.userToken('root', [scope]);
    const response = await hub
      .http()
      .get('/hub/api/services/course101')
      .set(hub.auth(token))
      .expect(200);
    expect(response.body).toEqual(model);
  });
});
