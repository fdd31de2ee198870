import { OAuthClientEntity, ServerEntity, ServiceEntity } from '@orrery/core';
import { createHubApp } from '../../apps/hub/src/create-hub-app';
import { HubFixture, READER_SERVICE_TOKEN, startHub } from './fixtures/hub-fixture';
import {
  expectServiceSchema,
  SERVICE_PERSONAS,
  ServicePersona,
  servicePersonaToken,
  serviceState,
} from './fixtures/service-personas';

const LONG_NAME = 's'.repeat(256);

describe('services: POST and DELETE /hub/api/services/{name} (runtime services)', () => {
  let hub: HubFixture;
  beforeAll(async () => {
    hub = await startHub(SERVICE_PERSONAS);
  });
  afterAll(async () => {
    await hub.close();
  });

  const admin = () => hub.auth(hub.tokens.admin);
  const post = (name: string) =>
    hub.http().post(`/hub/api/services/${name}`).set('Content-Type', 'application/json');
  const whoami = (token: string) => hub.http().get('/hub/api/user').set(hub.auth(token));

  it('creates an external service with its token, server row and OAuth client', async () => {
    const response = await post('ext1')
      .set(admin())
      .send({
        url: 'http://127.0.0.1:10101',
        api_token: 'ext1-token-0123456789',
        oauth_no_confirm: true,
        oauth_client_allowed_scopes: ['read:users'],
        info: { owner: 'ops' },
        display: false,
      })
      .expect(201);
    expect(response.body).toEqual({
      kind: 'service',
      name: 'ext1',
      admin: false,
      roles: [],
      url: 'http://127.0.0.1:10101',
      prefix: '/services/ext1/',
      command: [],
      pid: 0,
      info: { owner: 'ops' },
      display: false,
    });
    expectServiceSchema(response.body);
    const row = await hub.dataSource.getRepository(ServiceEntity).findOneByOrFail({ name: 'ext1' });
    expect(row).toMatchObject({
      fromConfig: false,
      oauthNoConfirm: true,
      oauthClientId: 'service-ext1',
    });
    const server = await hub.dataSource
      .getRepository(ServerEntity)
      .findOneByOrFail({ id: row.serverId as number });
    expect(server).toMatchObject({
      proto: 'http',
      ip: '127.0.0.1',
      port: 10101,
      baseUrl: '/services/ext1/',
    });
    const client = await hub.dataSource
      .getRepository(OAuthClientEntity)
      .findOneByOrFail({ identifier: 'service-ext1' });
    expect(client).toMatchObject({
      description: 'JupyterHub service ext1',
      redirectUri: '/services/ext1/oauth_callback',
      allowedScopes: ['access:services!service=ext1', 'read:users'],
    });
    expect(client.secret).toMatch(/^sha512:16384:/);
    const me = await whoami('ext1-token-0123456789').expect(200);
    expect(me.body).toMatchObject({ kind: 'service', name: 'ext1' });
    const list = await hub.http().get('/hub/api/services').set(admin()).expect(200);
    expect(list.body.ext1).toEqual(response.body);
  });

  it('creates a service without URL or OAuth: no server row, no client, no token', async () => {
    const before = await hub.dataSource.query('SELECT COUNT(*) AS n FROM api_tokens');
    const response = await post('plain')
      .set(admin())
      .send({ info: { a: 1 } })
      .expect(201);
    expect(response.body).toMatchObject({ url: '', prefix: '', admin: false, display: true });
    const row = await hub.dataSource
      .getRepository(ServiceEntity)
      .findOneByOrFail({ name: 'plain' });
    expect(row).toMatchObject({ serverId: null, oauthClientId: null });
    const after = await hub.dataSource.query('SELECT COUNT(*) AS n FROM api_tokens');
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });

  it('registers the OAuth client of a service without URL at its given redirect URI', async () => {
    await post('oauth-only')
      .set(admin())
      .send({ oauth_client_id: 'service-custom', oauth_redirect_uri: 'https://x.test/cb' })
      .expect(201);
    const client = await hub.dataSource
      .getRepository(OAuthClientEntity)
      .findOneByOrFail({ identifier: 'service-custom' });
    expect(client.redirectUri).toBe('https://x.test/cb');
  });

  it('gives an admin service the admin role when its creator holds every admin scope', async () => {
    const response = await post('admin-ext').set(admin()).send({ admin: true }).expect(201);
    expect(response.body).toMatchObject({ admin: true, roles: ['admin'] });
  });

  it.each([
    ['a body that is not an object', '["x"]', 400, 'Invalid service data'],
    ['an empty object', '{}', 400, 'Invalid service data'],
    ['no body', '', 400, 'Invalid service data'],
    ['malformed JSON', '{"url": ', 400, 'Invalid JSON in body of request'],
    ['an unknown key', '{"timeout": 5}', 400, "Invalid JSON keys: {'timeout': 5, 'name': 'new1'}"],
    [
      'a URL of the wrong type',
      '{"url": 5}',
      400,
      "service.url must be <class 'str'>, not: <class 'int'>",
    ],
    [
      'admin of the wrong type',
      '{"admin": "yes"}',
      400,
      "service.admin must be <class 'bool'>, not: <class 'str'>",
    ],
    [
      'info of the wrong type',
      '{"info": []}',
      400,
      "service.info must be <class 'dict'>, not: <class 'list'>",
    ],
    [
      'a command (managed service)',
      '{"command": ["sleep", "1"]}',
      400,
      'Can not create managed service new1 at runtime',
    ],
    [
      'an unsupported URL scheme',
      '{"url": "ftp://127.0.0.1:21"}',
      400,
      'Failed to create service new1: Unsupported scheme in URL for service new1: ftp://127.0.0.1:21. Must be http[s]',
    ],
    [
      'a client id not starting with service-',
      '{"url": "http://127.0.0.1:1", "oauth_client_id": "mine"}',
      400,
      "Failed to create service new1: service new1 has oauth_client_id='mine'. Service oauth client ids must start with 'service-'",
    ],
    [
      'OAuth settings without URL or redirect URI',
      '{"oauth_no_confirm": true}',
      400,
      'Failed to create service new1: Service new1 has oauth configured, but is missing required oauth_redirect_uri.',
    ],
    [
      'a short token',
      '{"api_token": "short"}',
      400,
      'Failed to create service new1: api_token must be at least 8 characters, got 5',
    ],
    [
      'a token already in use',
      `{"api_token": "${READER_SERVICE_TOKEN}"}`,
      400,
      'Failed to create service new1: api_token is already in use',
    ],
    [
      'an OAuth client id already in use',
      '{"url": "http://127.0.0.1:1", "oauth_client_id": "service-course101"}',
      400,
      'Failed to create service new1: oauth_client_id service-course101 is already in use',
    ],
    [
      'an unknown scope',
      '{"oauth_client_allowed_scopes": ["read:everything"]}',
      400,
      "Scope 'read:everything' does not exist",
    ],
    [
      'a scope that is not a string',
      '{"oauth_client_allowed_scopes": [1]}',
      400,
      "oauth_client_allowed_scopes must be str, not <class 'int'>",
    ],
  ])(
    'refuses to create a service with %s and changes nothing',
    async (_label, body, status, message) => {
      const before = await serviceState(hub);
      const response = await post('new1').set(admin()).send(body).expect(status);
      expect(response.body).toEqual({ status, message });
      expect(await serviceState(hub)).toEqual(before);
    },
  );

  it.each([
    ['an existing config service', 'course101', 409, 'Service course101 already exists'],
    ['an existing runtime service', 'ext1', 409, 'Service ext1 already exists'],
    [
      'a name too long for the database',
      LONG_NAME,
      400,
      `Failed to create service ${LONG_NAME}: service name is longer than 255 characters`,
    ],
  ])('refuses to create %s and changes nothing', async (_label, name, status, message) => {
    const before = await serviceState(hub);
    const response = await post(name).set(admin()).send({ info: {} }).expect(status);
    expect(response.body).toEqual({ status, message });
    expect(await serviceState(hub)).toEqual(before);
  });

  it('answers concurrent creates of one service with one 201 and 409s', async () => {
    const responses = await Promise.all(
      [1, 2, 3, 4].map(() => post('raced').set(admin()).send({ info: {} })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
  });

  it('refuses a body over 1 MB with 413 and changes nothing', async () => {
    const before = await serviceState(hub);
    const body = JSON.stringify({ info: { blob: 'x'.repeat(1100 * 1024) } });
    const response = await post('big').set(admin()).send(body).expect(413);
    expect(response.body.status).toBe(413);
    expect(await serviceState(hub)).toEqual(before);
  });

  it.each([
    ['admin', { admin: true }, 'admin:'],
    ['OAuth scopes', { oauth_client_allowed_scopes: ['admin:users'] }, 'admin:users'],
  ])(
    'refuses a creator holding only admin:services to give a service %s it lacks',
    async (_label, body, excess) => {
      const token = await servicePersonaToken(hub, 'sam');
      const before = await serviceState(hub);
      const response = await post('escalate').set(hub.auth(token)).send(body).expect(400);
      expect(response.body.message).toMatch(/^Not assigning requested scopes /);
      expect(response.body.message).toContain(excess);
      expect(response.body.message).toMatch(/ not held by User sam$/);
      expect(await serviceState(hub)).toEqual(before);
    },
  );

  it.each([
    ['an admin', 'admin', 201],
    ['the admin service', 'adminService', 201],
    ['a user holding admin:services', 'sam', 201],
    ['a plain user', 'alice', 403],
    ['a narrowed token', 'aliceNarrow', 403],
    ['a service with a custom role', 'readerService', 403],
    ['a group-filtered role', 'carol', 403],
    ['a role filtered to one service', 'viewer', 403],
  ] as [string, ServicePersona, number][])(
    'answers %s (%s) creating and deleting a service with %i',
    async (_label, persona, status) => {
      const token = await servicePersonaToken(hub, persona);
      const name = `by-${persona.toLowerCase()}`;
      if (status === 403) await post(name).set(admin()).send({ info: {} }).expect(201);
      const before = await serviceState(hub);
      const created = await post(name).set(hub.auth(token)).send({ info: {} });
      const deleted = await hub.http().delete(`/hub/api/services/${name}`).set(hub.auth(token));
      if (status === 201) {
        expect([created.status, deleted.status]).toEqual([201, 200]);
        return;
      }
      for (const response of [created, deleted]) {
        expect(response.status).toBe(403);
        expect(response.body.message).toBe(
          'Action is not authorized with current scopes; requires any of [admin:services]',
        );
      }
      expect(await serviceState(hub)).toEqual(before);
    },
  );

  it('deletes a runtime service with 200 and an empty body, revoking its token', async () => {
    await post('gone')
      .set(admin())
      .send({ url: 'http://127.0.0.1:10102', api_token: 'gone-token-0123456789' })
      .expect(201);
    await whoami('gone-token-0123456789').expect(200);
    const response = await hub.http().delete('/hub/api/services/gone').set(admin()).expect(200);
    expect(response.text).toBe('');
    await whoami('gone-token-0123456789').expect(403);
    await hub.http().get('/hub/api/services/gone').set(admin()).expect(404);
    expect(
      await hub.dataSource
        .getRepository(OAuthClientEntity)
        .existsBy({ identifier: 'service-gone' }),
    ).toBe(false);
    const servers = await hub.dataSource.query(
      "SELECT COUNT(*) AS n FROM servers WHERE base_url = '/services/gone/'",
    );
    expect(Number(servers[0].n)).toBe(0);
  });

  it.each([
    [
      'a service from the config file',
      'course101',
      405,
      'Service course101 is not modifiable at runtime',
    ],
    ['an unknown service', 'nope', 404, 'Service nope does not exist'],
  ])('refuses to delete %s and changes nothing', async (_label, name, status, message) => {
    const before = await serviceState(hub);
    const response = await hub
      .http()
      .delete(`/hub/api/services/${name}`)
      .set(admin())
      .expect(status);
    expect(response.body).toEqual({ status, message });
    expect(await serviceState(hub)).toEqual(before);
  });

  it('keeps runtime services when the hub restarts on the same database', async () => {
    await post('survivor')
      .set(admin())
      .send({ api_token: 'survivor-token-0123456789' })
      .expect(201);
    const restarted = await createHubApp(hub.config);
    try {
      const rows = await hub.dataSource.getRepository(ServiceEntity).findBy({ name: 'survivor' });
      expect(rows).toHaveLength(1);
      await whoami('survivor-token-0123456789').expect(200);
    } finally {
      await restarted.close();
    }
  });
});
