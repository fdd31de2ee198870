import { rawQuery } from '@orrery/core';
import { SERVER_HOST_REFUSED } from '@orrery/api';
import { cookieHeader, loginAs, pageXsrf, setCookies } from './fixtures/browser-login';
import { HubFixture, PERSONAS_CONFIG } from './fixtures/hub-fixture';
import { serverHub, spawnConfig, viaProxy } from './servers-helpers';

/**
 * `JupyterHub.subdomain_host`: each user's server on a host of its own, so a page in alice's
 * server is cross-origin to the hub and to bob's server. The hub's cookies stay host-only on
 * the hub's host and the hub answers nowhere else, so nothing of the hub is on a user's origin.
 */
const HUB = 'hub.test:8000';
const ALICE = 'alice.hub.test:8000';
const SERVICE_URL = 'http://127.0.0.1:9';

describe('JupyterHub.subdomain_host', () => {
  let hub: HubFixture;
  serverHub(
    (home) => ({
      ...spawnConfig(home),
      JupyterHub: {
        subdomain_host: `http://${HUB}`,
        services: [
          ...PERSONAS_CONFIG.JupyterHub.services,
          { name: 'web', url: SERVICE_URL, api_token: 'e2e-web-service-token-0123' },
        ],
      },
    }),
    (started) => (hub = started),
  );
  const asAdmin = () => hub.auth(hub.tokens.admin);

  beforeAll(async () => {
    await hub.http().post('/hub/api/users/alice/server').set(asAdmin()).expect(201);
  });

  it("routes the user's server on its own host (host/user/name/) and the hub at / on every other host", async () => {
    const routes = await hub.http().get('/hub/api/proxy').set(asAdmin()).expect(200);
    expect(routes.body['alice.hub.test/user/alice/']).toMatchObject({
      routespec: 'alice.hub.test/user/alice/',
      data: { user: 'alice', server_name: '' },
    });
    expect(routes.body['/']).toMatchObject({ routespec: '/', data: { hub: true } });
    expect(routes.body['/user/alice/']).toBeUndefined();
    const reached = await viaProxy(hub, '/user/alice/x', { Host: ALICE });
    expect(JSON.parse(reached.body)).toEqual({ path: '/user/alice/x', user: 'alice' });
    // the same path on any other host takes the hub's route (the e2e hub is not listening,
    // so the proxy answers 503 for it), never alice's server
    const onHub = await viaProxy(hub, '/user/alice/x', { Host: HUB });
    expect(onHub.status).toBe(503);
    expect(onHub.body).not.toContain('"user":"alice"');
  });

  it('routes a service with a url on <name>--service under the domain, as JupyterHub does', async () => {
    const routes = await hub.http().get('/hub/api/proxy').set(asAdmin()).expect(200);
    expect(routes.body['web--service.hub.test/services/web/']).toMatchObject({
      target: SERVICE_URL,
      data: { service: 'web' },
    });
    const [client] = await rawQuery<{ redirect_uri: string }>(
      hub.dataSource,
      'SELECT redirect_uri FROM oauth_clients WHERE identifier = ?',
      ['service-web'],
    );
    expect(client.redirect_uri).toBe(
      'http://web--service.hub.test:8000/services/web/oauth_callback',
    );
  });

  it("gives models the server's absolute url on the user's host", async () => {
    const user = await hub.http().get('/hub/api/users/alice').set(asAdmin()).expect(200);
    expect(user.body.server).toBe(`http://${ALICE}/user/alice/`);
    expect(user.body.servers['']).toMatchObject({
      url: `http://${ALICE}/user/alice/`,
      full_url: `http://${ALICE}/user/alice/`,
      progress_url: '/hub/api/users/alice/server/progress',
      full_progress_url: `http://${HUB}/hub/api/users/alice/server/progress`,
    });
  });

  it("tells the server the hub's public host and an OAuth callback on the user's host", async () => {
    const env = JSON.parse((await viaProxy(hub, '/user/alice/env', { Host: ALICE })).body);
    expect(env).toMatchObject({
      JUPYTERHUB_HOST: `http://${HUB}`,
      JUPYTERHUB_OAUTH_CALLBACK_URL: `http://${ALICE}/user/alice/oauth_callback`,
      JUPYTERHUB_PUBLIC_URL: `http://${ALICE}/user/alice/`,
      JUPYTERHUB_PUBLIC_HUB_URL: `http://${HUB}/hub/`,
      JUPYTERHUB_SERVICE_PREFIX: '/user/alice/',
    });
    const [client] = await rawQuery<{ redirect_uri: string }>(
      hub.dataSource,
      'SELECT redirect_uri FROM oauth_clients WHERE identifier = ?',
      ['jupyterhub-user-alice'],
    );
    expect(client.redirect_uri).toBe(`http://${ALICE}/user/alice/oauth_callback`);
  });

  it("sends the hub's /hub/user/ fall-through, spawn page and user-redirect to the user's host", async () => {
    const alice = await loginAs(hub, 'alice');
    const ready = await hub
      .http()
      .get('/hub/user/alice/lab')
      .set({ Host: HUB, Cookie: alice.cookie })
      .expect(302);
    expect(ready.headers.location).toBe(`http://${ALICE}/user/alice/lab?redirects=1`);
    const spawn = await hub
      .http()
      .get('/hub/spawn')
      .set({ Host: HUB, Cookie: alice.cookie })
      .expect(302);
    expect(spawn.headers.location).toBe(`http://${ALICE}/user/alice/`);
    const redirect = await hub
      .http()
      .get('/hub/user-redirect/lab')
      .set({ Host: HUB, Cookie: alice.cookie })
      .expect(302);
    const next = new URL(redirect.headers.location, `http://${HUB}`).searchParams.get('next');
    expect(next).toBe(`http://${ALICE}/user/alice/lab`);
  });

  it("sets every hub cookie host-only (no Domain), so a user's host never receives one", async () => {
    const page = await hub.http().get('/hub/login').set('Host', HUB).expect(200);
    const xsrf = pageXsrf(page);
    const login = await hub
      .http()
      .post('/hub/login')
      .set({ Host: HUB, Cookie: cookieHeader(page.headers) })
      .type('form')
      .send({ username: 'dora', password: 'dora-password-1', _xsrf: xsrf });
    expect(login.status).toBe(302);
    const cookies = setCookies(login.headers);
    expect([...cookies.keys()]).toEqual(
      expect.arrayContaining(['jupyterhub-hub-login', 'jupyterhub-session-id']),
    );
    for (const line of [...cookies.values(), ...setCookies(page.headers).values()]) {
      expect(line).not.toMatch(/;\s*domain=/i);
    }
  });

  it("never serves a hub page or the API on a user's host, where the user's scripts could read it", async () => {
    const bob = await loginAs(hub, 'bob');
    for (const url of ['/hub/login', '/hub/token', '/hub/home', '/hub/spawn']) {
      const page = await hub.http().get(url).set({ Host: ALICE, Cookie: bob.cookie }).expect(302);
      expect(page.headers.location).toBe(`http://${HUB}${url}`);
      expect(page.text).not.toContain(bob.xsrf);
      expect(page.headers['set-cookie']).toBeUndefined();
    }
    const redirected = await hub.http().get('/hub/token?x=1').set({ Host: ALICE }).expect(302);
    expect(redirected.headers.location).toBe(`http://${HUB}/hub/token?x=1`);
    const api = await hub
      .http()
      .post('/hub/api/users/bob/tokens')
      .set({ ...bob.fetchHeaders(), Host: ALICE })
      .send({})
      .expect(403);
    expect(api.body).toEqual({ status: 403, message: SERVER_HOST_REFUSED });
  });

  it.each([
    [`http://${ALICE}/user/alice/lab?a=1`, '/user/alice/lab?a=1'],
    [`http://${HUB}/hub/home`, '/hub/home'],
  ])('follows next=%s, a host under the domain, as the path %s', async (next, path) => {
    const alice = await loginAs(hub, 'alice');
    const login = await hub
      .http()
      .get(`/hub/login?next=${encodeURIComponent(next)}`)
      .set({ Host: HUB, Cookie: alice.cookie })
      .expect(302);
    expect(login.headers.location).toBe(path);
  });

  it.each([
    'http://evilhub.test:8000/',
    'http://hub.test.evil.org:8000/x',
    'http://alice.hub.test:9999/',
  ])('refuses next=%s, which is not under the domain', async (next) => {
    const alice = await loginAs(hub, 'alice');
    const login = await hub
      .http()
      .get(`/hub/login?next=${encodeURIComponent(next)}`)
      .set({ Host: HUB, Cookie: alice.cookie })
      .expect(302);
    expect(login.headers.location).not.toContain('evil');
    expect(login.headers.location).not.toContain('9999');
  });

  it('answers GET /hub/spawn without Fetch Metadata with a self-posting form, so an image or fetch() from a user host starts nothing', async () => {
    const erin = await loginAs(hub, 'erin');
    const page = await hub
      .http()
      .get('/hub/spawn?opt-size=big')
      .set({ Host: HUB, Cookie: erin.cookie })
      .expect(200);
    expect(page.text).toContain('spawn-submit.js');
    expect(page.text).toContain('<input type="hidden" name="size" value="big">');
    const idle = await hub.http().get('/hub/api/users/erin').set(asAdmin()).expect(200);
    expect(idle.body.servers).toEqual({});
    const xsrf = pageXsrf(page, erin.cookie);
    const posted = await hub
      .http()
      .post('/hub/spawn?opt-size=big')
      .set({ Host: HUB, Cookie: erin.cookie })
      .type('form')
      .send({ _xsrf: xsrf, size: 'big' })
      .expect(302);
    expect(posted.headers.location).toBe('/hub/spawn-pending/erin');
    const started = await hub.http().get('/hub/api/users/erin').set(asAdmin()).expect(200);
    expect(started.body.servers[''].user_options).toEqual({ size: ['big'] });
  });

  it('starts on GET /hub/spawn at once when Fetch Metadata says it is a top-level navigation', async () => {
    const fay = await loginAs(hub, 'fay');
    const response = await hub
      .http()
      .get('/hub/spawn')
      .set({
        Host: HUB,
        Cookie: fay.cookie,
        'Sec-Fetch-Mode': 'navigate',
        'Sec-Fetch-Dest': 'document',
        'Sec-Fetch-Site': 'none',
      })
      .expect(302);
    expect(response.headers.location).toBe('/hub/spawn-pending/fay');
  });

  it("deletes the server's host route when it stops", async () => {
    await hub.http().delete('/hub/api/users/alice/server').set(asAdmin()).expect(204);
    const routes = await hub.http().get('/hub/api/proxy').set(asAdmin()).expect(200);
    expect(Object.keys(routes.body).filter((spec) => spec.includes('alice'))).toEqual([]);
  });
});
