import { HubProxyService } from '@orrery/runtime';
import { HubFixture } from './fixtures/hub-fixture';
import { leftovers, NOTHING_LEFT, serverHub, spawnConfig, viaProxy } from './servers-helpers';

describe('named servers', () => {
  let hub: HubFixture;
  serverHub(
    (dir) => ({
      ...spawnConfig(dir),
      JupyterHub: { allow_named_servers: true, named_server_limit_per_user: 2 },
    }),
    (started) => (hub = started),
  );

  const admin = () => hub.auth(hub.tokens.admin);
  const url = (server: string) => `/hub/api/users/alice/servers/${server}`;

  it('starts a named server at its own prefix, route and OAuth client', async () => {
    await hub.http().post(url('gpu')).set(admin()).send({ display_name: 'GPU box' }).expect(201);
    const model = await hub.http().get(url('gpu')).set(admin()).expect(200);
    expect(model.body).toMatchObject({
      name: 'gpu',
      display_name: 'GPU box',
      full_name: 'alice/gpu',
      ready: true,
      url: '/user/alice/gpu/',
      progress_url: '/hub/api/users/alice/servers/gpu/progress',
    });
    const routes = await hub.app.get(HubProxyService).routes();
    expect(routes['/user/alice/gpu/'].data).toMatchObject({ user: 'alice', server_name: 'gpu' });
    const env = JSON.parse((await viaProxy(hub, '/user/alice/gpu/env')).body);
    expect(env).toMatchObject({
      JUPYTERHUB_SERVER_NAME: 'gpu',
      JUPYTERHUB_CLIENT_ID: 'jupyterhub-user-alice-gpu',
      JUPYTERHUB_SERVICE_PREFIX: '/user/alice/gpu/',
    });
  });

  it.each([
    ['Bad_Name', "Invalid server_name: 'Bad_Name'"],
    ['3d', "Invalid server_name: '3d'"],
  ])('refuses the new name %j (400)', async (name, message) => {
    const response = await hub.http().post(url(name)).set(admin()).expect(400);
    expect(response.body).toEqual({ status: 400, message });
  });

  it('creates a server without starting it (PUT 201), and refuses an existing one (409)', async () => {
    const created = await hub
      .http()
      .put(url('two'))
      .set(admin())
      .send({ user_options: { size: 'L' } })
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'two',
      display_name: 'two',
      ready: false,
      stopped: true,
      user_options: { size: 'L' },
    });
    const again = await hub.http().put(url('two')).set(admin()).expect(409);
    expect(again.body.message).toBe('User alice already has server two');
    const main = await hub.http().put(url('')).set(admin()).expect(409);
    expect(main.body.message).toBe('User alice already has a default server');
  });

  it('refuses a new server beyond named_server_limit_per_user (400)', async () => {
    const response = await hub.http().post(url('three')).set(admin()).expect(400);
    expect(response.body.message).toBe(
      'User alice already has the maximum of 2 named servers.  One must be deleted before a new server can be created',
    );
  });

  it('renames a stopped server (PATCH) but not an active one', async () => {
    const renamed = await hub
      .http()
      .patch(url('two'))
      .set(admin())
      .send({ name: 'second' })
      .expect(200);
    expect(renamed.body).toMatchObject({ name: 'second', display_name: 'two' });
    const active = await hub.http().patch(url('gpu')).set(admin()).send({ display_name: 'x' });
    expect(active.status).toBe(400);
    expect(active.body.message).toBe('alice:gpu is active. Please stop it before modifying it.');
  });

  it.each([
    [{ name: {} }, 'name must be a string, not {}'],
    [{ display_name: 3 }, 'display_name must be a string, not 3'],
  ])('refuses a PATCH of %j with 400', async (body, message) => {
    const response = await hub.http().patch(url('second')).set(admin()).send(body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ status: 400, message });
  });

  it('stops and removes a named server (DELETE with remove)', async () => {
    await hub.http().delete(url('gpu')).set(admin()).send({ remove: true }).expect(204);
    await hub.http().get(url('gpu')).set(admin()).expect(404);
    expect(await leftovers(hub, 'alice')).toEqual(NOTHING_LEFT);
  });

  it.each([
    [
      'removing the default server',
      '/hub/api/users/alice/server',
      { remove: true },
      400,
      'Cannot delete the default server',
    ],
    ['an unknown server', url('nope'), {}, 404, "alice has no server named 'nope'"],
  ])('refuses %s', async (_label, path, body, status, message) => {
    const response = await hub.http().delete(path).set(admin()).send(body).expect(status);
    expect(response.body).toEqual({ status, message });
  });

  it('checks server-filtered scopes against the default server of /users/{name}/server', async () => {
    const token = await hub.userToken('bob', ['read:servers!server=bob/']);
    await hub.http().post('/hub/api/users/bob/server').set(admin()).expect(201);
    await hub.http().get('/hub/api/users/bob/server').set(hub.auth(token)).expect(200);
    await hub.http().get('/hub/api/users/bob/servers/other').set(hub.auth(token)).expect(404);
    await hub.http().delete('/hub/api/users/bob/server').set(admin()).expect(204);
  });
});

describe('spawn limits', () => {
  let hub: HubFixture;
  serverHub(
    (dir) => ({
      ...spawnConfig(dir, '', { args: [] }),
      JupyterHub: { concurrent_spawn_limit: 1, active_server_limit: 2, slow_spawn_timeout: 0 },
    }),
    (started) => (hub = started),
  );

  const admin = () => hub.auth(hub.tokens.admin);
  const start = async (user: string) => {
    await hub.userToken(user, []);
    return hub.http().post(`/hub/api/users/${user}/server`).set(admin());
  };

  it('throttles a start while concurrent_spawn_limit starts are pending (429, Retry-After)', async () => {
    expect((await start('silent-l')).status).toBe(202);
    const response = await start('ok-l1');
    expect(response.status).toBe(429);
    const retry = Number(response.headers['retry-after']);
    expect(retry).toBeGreaterThanOrEqual(30);
    expect(retry).toBeLessThan(60);
    expect(response.body.message).toMatch(
      /^Too many users trying to log in right now\. Try again in [3-6]0 seconds\.$/,
    );
    await hub.http().delete('/hub/api/users/silent-l/server').set(admin()).expect(204);
  });

  it('refuses a start beyond active_server_limit (429)', async () => {
    for (const user of ['ok-l1', 'ok-l2']) {
      expect((await start(user)).status).toBe(202);
      await hub.http().get(`/hub/api/users/${user}/server/progress`).set(admin()).expect(200);
    }
    const response = await start('ok-l3');
    expect(response.status).toBe(429);
    expect(response.body.message).toBe('Active user limit exceeded. Try again in a few minutes.');
    expect(await leftovers(hub, 'ok-l3')).toEqual(NOTHING_LEFT);
  });
});
