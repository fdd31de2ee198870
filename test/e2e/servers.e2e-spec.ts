import { HubProxyService } from '@orrery/runtime';
import { matchesTokenHash, rawQuery } from '@orrery/core';
import * as fs from 'node:fs';
import { HubFixture } from './fixtures/hub-fixture';
import { alive, count, recordedPid, serverHub, spawnConfig, viaProxy } from './servers-helpers';

describe('starting and stopping the default server', () => {
  let hub: HubFixture;
  let home: string;
  serverHub(
    (dir) => spawnConfig(dir),
    (started, dir) => {
      hub = started;
      home = dir;
    },
  );

  const asAdmin = () => hub.auth(hub.tokens.admin);

  it('starts with 201 text/plain and an empty body, then the server is ready in the models', async () => {
    const response = await hub
      .http()
      .post('/hub/api/users/alice/server')
      .set(asAdmin())
      .expect(201);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toBe('');
    const user = await hub.http().get('/hub/api/users/alice').set(asAdmin()).expect(200);
    expect(user.body).toMatchObject({ server: '/user/alice/', pending: null });
    expect(user.body.servers['']).toMatchObject({
      name: '',
      ready: true,
      pending: null,
      stopped: false,
      url: '/user/alice/',
      progress_url: '/hub/api/users/alice/server/progress',
      state: { pid: expect.any(Number) },
    });
    const server = await hub.http().get('/hub/api/users/alice/server').set(asAdmin()).expect(200);
    expect(server.body).toMatchObject({ name: '', ready: true, full_name: 'alice/' });
  });

  it('adds the route to the proxy, and requests through the proxy reach the server', async () => {
    const routes = await hub.http().get('/hub/api/proxy').set(asAdmin()).expect(200);
    expect(routes.body['/user/alice/']).toMatchObject({
      routespec: '/user/alice/',
      target: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      data: { user: 'alice', server_name: '' },
    });
    const reached = await viaProxy(hub, '/user/alice/some/path');
    expect(reached.status).toBe(200);
    expect(JSON.parse(reached.body)).toEqual({ path: '/user/alice/some/path', user: 'alice' });
  });

  it('gives the server JupyterHub environment and a working directory of its own', async () => {
    const env = JSON.parse((await viaProxy(hub, '/user/alice/env')).body);
    const port = new URL(env.JUPYTERHUB_SERVICE_URL).port;
    expect(env).toMatchObject({
      JUPYTERHUB_USER: 'alice',
      JUPYTERHUB_SERVER_NAME: '',
      JUPYTERHUB_CLIENT_ID: 'jupyterhub-user-alice',
      JUPYTERHUB_API_URL: 'http://127.0.0.1:8081/hub/api',
      JUPYTERHUB_ACTIVITY_URL: 'http://127.0.0.1:8081/hub/api/users/alice/activity',
      JUPYTERHUB_BASE_URL: '/',
      JUPYTERHUB_SERVICE_PREFIX: '/user/alice/',
      JUPYTERHUB_SERVICE_URL: `http://127.0.0.1:${port}/user/alice/`,
      JUPYTERHUB_OAUTH_CALLBACK_URL: '/user/alice/oauth_callback',
      JUPYTERHUB_OAUTH_ACCESS_SCOPES:
        '["access:servers!server=alice/", "access:servers!user=alice"]',
      JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES: '[]',
      JUPYTERHUB_COOKIE_HOST_PREFIX_ENABLED: '0',
      JUPYTERHUB_HOST: '',
      JUPYTERHUB_PUBLIC_URL: '',
      JUPYTERHUB_PUBLIC_HUB_URL: '',
      USER: 'alice',
      HOME: `${home}/alice`,
      cwd: fs.realpathSync(`${home}/alice`),
    });
    expect(env.JPY_API_TOKEN).toBe(env.JUPYTERHUB_API_TOKEN);
    const me = await hub
      .http()
      .get('/hub/api/user')
      .set(hub.auth(env.JUPYTERHUB_API_TOKEN))
      .expect(200);
    expect(me.body).toMatchObject({ kind: 'user', name: 'alice' });
    expect(me.body.scopes).toEqual(
      expect.arrayContaining(['access:servers!server=alice/', 'users:activity!user=alice']),
    );
  });

  it('registers the OAuth client of the server with a secret hashed from its token', async () => {
    const [client] = await rawQuery<Record<string, string>>(
      hub.dataSource,
      'SELECT * FROM oauth_clients WHERE identifier = ?',
      ['jupyterhub-user-alice'],
    );
    expect(client).toMatchObject({
      description: 'Server at /user/alice/',
      redirect_uri: '/user/alice/oauth_callback',
    });
    expect(JSON.parse(client.allowed_scopes)).toEqual(['access:servers!server=alice/']);
    const env = JSON.parse((await viaProxy(hub, '/user/alice/env')).body);
    // one round: the secret is a generated token (see SpawnRecords.upsertClient)
    expect(client.secret).toMatch(/^sha512:1:/);
    expect(matchesTokenHash(env.JUPYTERHUB_API_TOKEN, client.secret)).toBe(true);
    expect(await count(hub, 'api_tokens', 'note = ?', ['Server at /user/alice/'])).toBe(1);
  });

  it('refuses a second start with 400 while it runs', async () => {
    const response = await hub
      .http()
      .post('/hub/api/users/alice/server')
      .set(asAdmin())
      .expect(400);
    expect(response.body).toEqual({ status: 400, message: 'alice is already running' });
  });

  it('stops with 204, and the process, route, token, OAuth client and servers row are gone', async () => {
    const pid = await recordedPid(hub, 'alice');
    expect(alive(pid)).toBe(true);
    const response = await hub
      .http()
      .delete('/hub/api/users/alice/server')
      .set(asAdmin())
      .expect(204);
    expect(response.text).toBe('');
    expect(alive(pid)).toBe(false);
    const routes = await hub.app.get(HubProxyService).routes();
    expect(routes['/user/alice/']).toBeUndefined();
    expect(await count(hub, 'api_tokens', 'note = ?', ['Server at /user/alice/'])).toBe(0);
    expect(await count(hub, 'oauth_clients', 'identifier = ?', ['jupyterhub-user-alice'])).toBe(0);
    expect(await count(hub, 'servers')).toBe(0);
    const server = await hub.http().get('/hub/api/users/alice/server').set(asAdmin()).expect(200);
    expect(server.body).toMatchObject({
      ready: false,
      stopped: true,
      pending: null,
      started: null,
    });
  });
});
