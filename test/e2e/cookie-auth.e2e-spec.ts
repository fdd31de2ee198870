import { UserEntity } from '@orrery/core';
import { BrowserSession, loginAs, setCookies } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';

describe('cookie authentication (hub login cookie)', () => {
  let hub: HubFixture;
  let alice: BrowserSession;

  beforeAll(async () => {
    hub = await startHub();
    alice = await loginAs(hub, 'alice');
  });
  afterAll(() => hub.close());

  it('identifies the user of a login cookie on a navigation to the API, without XSRF', async () => {
    const response = await hub
      .http()
      .get('/hub/api/user')
      .set('Cookie', alice.cookie)
      .set('Sec-Fetch-Mode', 'navigate')
      .expect(200);
    expect(response.body).toMatchObject({
      name: 'alice',
      kind: 'user',
      token_id: null,
      session_id: alice.sessionId,
    });
    expect(response.body.scopes).toContain('read:users!user=alice');
  });

  it("gives the cookie user the user's full scopes", async () => {
    await hub.http().get('/hub/api/users/alice').set(alice.fetchHeaders()).expect(200);
    await hub.http().get('/hub/api/users/bob').set(alice.fetchHeaders()).expect(404);
  });

  it('refuses a script GET without an XSRF token', async () => {
    const response = await hub
      .http()
      .get('/hub/api/user')
      .set({ Cookie: alice.cookie, 'Sec-Fetch-Mode': 'cors' })
      .expect(403);
    expect(response.body.message).toBe("'_xsrf' argument missing from GET");
  });

  it('refuses a wrong XSRF token', async () => {
    const other = await loginAs(hub, 'alice');
    const response = await hub
      .http()
      .get('/hub/api/user')
      .set({ ...alice.fetchHeaders(), 'X-XSRFToken': other.xsrf })
      .expect(403);
    expect(response.body.message).toBe('XSRF cookie does not match GET argument');
  });

  it('accepts the token in the _xsrf query argument and the X-CSRFToken header', async () => {
    await hub
      .http()
      .get(`/hub/api/user?_xsrf=${alice.xsrf}`)
      .set({ Cookie: alice.cookie, 'Sec-Fetch-Mode': 'cors' })
      .expect(200);
    await hub
      .http()
      .get('/hub/api/user')
      .set({ Cookie: alice.cookie, 'Sec-Fetch-Mode': 'cors', 'X-CSRFToken': alice.xsrf })
      .expect(200);
  });

  it('checks XSRF on a JSON POST and accepts it with the token', async () => {
    const token = await hub
      .http()
      .post('/hub/api/users/alice/tokens')
      .set(alice.fetchHeaders())
      .send({ note: 'from the browser' })
      .expect(201);
    expect(token.body).toMatchObject({ user: 'alice', note: 'from the browser' });
    const missing = await hub
      .http()
      .post('/hub/api/users/alice/tokens')
      .set({ Cookie: alice.cookie, 'Content-Type': 'application/json' })
      .send('{}')
      .expect(403);
    expect(missing.body.message).toBe("'_xsrf' argument missing from POST");
  });

  it('ignores the cookie on an API POST with a form content type', async () => {
    const body = JSON.stringify({ last_activity: '2026-01-01T00:00:00Z', servers: {} });
    const post = (type: string) =>
      hub
        .http()
        .post('/hub/api/users/alice/activity')
        .set(alice.fetchHeaders())
        .set('Content-Type', type)
        .send(body);
    const refused = await post('text/plain').expect(403);
    expect(refused.body.message).toBe('Missing or invalid credentials.');
    await post('application/json; charset=utf-8').expect(200);
  });

  it('skips XSRF for token-authenticated requests', async () => {
    await hub
      .http()
      .post('/hub/api/users/alice/tokens')
      .set({ ...hub.auth(hub.tokens.alice), Cookie: alice.cookie, 'Sec-Fetch-Mode': 'cors' })
      .send({})
      .expect(201);
  });

  it('rejects a tampered login cookie', async () => {
    const tampered = alice.cookie.replace(
      /jupyterhub-hub-login=[^;|]+/,
      'jupyterhub-hub-login=Ym9i',
    );
    await hub
      .http()
      .get('/hub/api/user')
      .set({ Cookie: tampered, 'Sec-Fetch-Mode': 'navigate' })
      .expect(403);
  });

  it('logs nobody in when a request carries the login cookies of two users (a tossed cookie)', async () => {
    const mallory = await loginAs(hub, 'mallory');
    const tossed = /jupyterhub-hub-login=[^;]+/.exec(mallory.cookie)?.[0];
    expect(tossed).toBeDefined();
    // the browser sends the cookie of the narrower path (set by a script on /user/mallory/) first
    const reply = await hub
      .http()
      .get('/hub/api/user')
      .set({ Cookie: `${tossed}; ${alice.cookie}`, 'Sec-Fetch-Mode': 'navigate' });
    expect(reply.status).toBe(403);
    await hub
      .http()
      .get('/hub/api/user')
      .set({ Cookie: alice.cookie, 'Sec-Fetch-Mode': 'navigate' })
      .expect(200);
  });

  it('sets a session id cookie when a logged-in browser has none', async () => {
    const withoutSession = alice.cookie.replace(/jupyterhub-session-id=[^;]+; /, '');
    const response = await hub
      .http()
      .get('/hub/api/user')
      .set({ Cookie: withoutSession, 'Sec-Fetch-Mode': 'navigate' })
      .expect(200);
    const cookie = setCookies(response.headers).get('jupyterhub-session-id');
    expect(cookie).toMatch(/^jupyterhub-session-id=[0-9a-f]{32}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(cookie).toContain(response.body.session_id);
  });

  it('logs every browser out on the very next request when cookie_id rotates', async () => {
    const carol = await loginAs(hub, 'carol-rotates');
    const get = () =>
      hub.http().get('/hub/api/user').set({ Cookie: carol.cookie, 'Sec-Fetch-Mode': 'navigate' });
    await get().expect(200);
    await hub.dataSource
      .getRepository(UserEntity)
      .update({ name: 'carol-rotates' }, { cookieId: 'rotated0000000000000000000000000' });
    await get().expect(403);
  });
});

describe('cookie authentication: expiry and https', () => {
  it('refuses a login cookie older than cookie_max_age_days', async () => {
    const { FakeClock } = await import('@orrery/core');
    const clock = new FakeClock('2026-03-01T00:00:00Z');
    const hub = await startHub({ JupyterHub: { cookie_max_age_days: 1 } }, clock);
    try {
      const dave = await loginAs(hub, 'dave');
      const get = () =>
        hub.http().get('/hub/api/user').set({ Cookie: dave.cookie, 'Sec-Fetch-Mode': 'navigate' });
      clock.advance(86_400_000);
      await get().expect(200);
      clock.advance(1000);
      await get().expect(403);
    } finally {
      await hub.close();
    }
  });
});

describe('page authentication (PageAuth)', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub()));
  afterAll(() => hub.close());

  it('redirects a browser without login to the login page with the request uri as next', async () => {
    const response = await hub.http().get('/hub/?a=1&b=2').expect(302);
    expect(response.headers.location).toBe('/hub/login?next=%2Fhub%2F%3Fa%3D1%26b%3D2');
  });

  it('lets a logged-in browser through, to the spawn page while no server runs', async () => {
    const alice = await loginAs(hub, 'alice');
    const response = await hub.http().get('/hub/').set('Cookie', alice.cookie).expect(302);
    expect(response.headers.location).toBe('/hub/spawn');
  });

  it('accepts a token instead of the cookie', async () => {
    await hub.http().get('/hub/').set(hub.auth(hub.tokens.alice)).expect(302, /^$/);
  });

  it('answers health checks without credentials', async () => {
    await hub.http().get('/hub/health').expect(200, '');
    await hub.http().head('/hub/api/health').expect(200);
  });
});

describe('login cookie attributes', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub()));
  afterAll(() => hub.close());

  it('marks cookies Secure when the browser used https (X-Forwarded-Proto)', async () => {
    const alice = await loginAs(hub, 'alice');
    const noSession = alice.cookie.replace(/jupyterhub-session-id=[^;]+; /, '');
    const response = await hub
      .http()
      .get('/hub/')
      .set({ Cookie: noSession, 'X-Forwarded-Proto': 'https' })
      .expect(302);
    expect(setCookies(response.headers).get('jupyterhub-session-id')).toContain('; Secure');
  });
});
