import { ApiTokenEntity, UserEntity } from '@orrery/core';
import {
  cookieHeader,
  loginAs,
  pageXsrf,
  setCookies,
  submitLoginForm,
} from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';

describe('login and logout (first-use authenticator)', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub()));
  afterAll(() => hub.close());

  it('renders the login form with labels and sets an anonymous _xsrf cookie for an hour', async () => {
    const page = await hub.http().get('/hub/login?next=%2Fhub%2Ftoken').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<label for="username">Username</label>');
    expect(page.text).toContain('action="/hub/login?next=%2Fhub%2Ftoken"');
    expect(setCookies(page.headers).get('_xsrf')).toMatch(/; Max-Age=3600; Path=\/hub\//);
  });

  it('refuses a login POST without the XSRF token', async () => {
    const response = await hub
      .http()
      .post('/hub/login')
      .type('form')
      .send({ username: 'x', password: 'long-enough' })
      .expect(403);
    expect(response.text).toContain('&#39;_xsrf&#39; argument missing from POST');
  });

  it('registers a new name at first login, sets the cookies and follows next', async () => {
    const response = await submitLoginForm(
      hub,
      { username: 'Newcomer', password: 'first-secret' },
      '/hub/token',
    );
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/hub/token');
    const cookies = setCookies(response.headers);
    expect(cookies.get('jupyterhub-hub-login')).toMatch(/; Path=\/hub\/; HttpOnly; SameSite=Lax/);
    expect(cookies.get('jupyterhub-session-id')).toMatch(
      /^jupyterhub-session-id=[0-9a-f]{32}; Path=\//,
    );
    expect(cookies.get('_xsrf')).not.toContain('Max-Age');
    const user = await hub.dataSource.getRepository(UserEntity).findOneBy({ name: 'newcomer' });
    expect(user).not.toBeNull();
    await hub.http().get('/hub/home').set('Cookie', cookieHeader(response.headers)).expect(200);
  });

  it('answers a wrong password with 403 and the form', async () => {
    await submitLoginForm(hub, { username: 'pat', password: 'right-secret' });
    const response = await submitLoginForm(hub, { username: 'pat', password: 'wrong-secret' });
    expect(response.status).toBe(403);
    expect(response.text).toContain('Invalid username or password');
    expect(response.text).toContain('value="pat"');
    // the name is filled in again: the caret waits in the password field
    expect(response.text).toMatch(/<input id="password"[^>]*autofocus/);
    expect(response.text).not.toMatch(/<input id="username"[^>]*autofocus/);
  });

  it('tells a new user the password is too short', async () => {
    const response = await submitLoginForm(hub, { username: 'shorty', password: '123' });
    expect(response.status).toBe(403);
    expect(response.text).toContain(
      'Password too short! Please choose a password at least 7 characters long.',
    );
  });

  it('drops a next that leaves the hub, going to the spawn page (redirect_to_server)', async () => {
    const ok = await submitLoginForm(
      hub,
      { username: 'wanderer', password: 'long-enough' },
      'https://evil.example.com/',
    );
    expect(ok.headers.location).toBe('/hub/spawn');
  });

  it('makes admin_users admins at login', async () => {
    const response = await submitLoginForm(hub, { username: 'root', password: 'root-secret' });
    expect(response.status).toBe(302);
    const root = await hub.dataSource.getRepository(UserEntity).findOneByOrFail({ name: 'root' });
    expect(root.admin).toBe(true);
  });

  it("logs out: deletes this session's tokens, clears the cookies, goes to the login page", async () => {
    const alice = await loginAs(hub, 'alice');
    const tokens = hub.dataSource.getRepository(ApiTokenEntity);
    const aliceId = (
      await hub.dataSource.getRepository(UserEntity).findOneByOrFail({ name: 'alice' })
    ).id;
    await tokens.save(
      tokens.create({
        hashed: 'sha512:1:00:00',
        prefix: 'zzzz',
        userId: aliceId,
        sessionId: alice.sessionId,
        created: new Date(),
        note: 'oauth token of this browser',
        scopes: [],
      }),
    );
    const response = await hub.http().get('/hub/logout').set('Cookie', alice.cookie).expect(302);
    expect(response.headers.location).toBe('/hub/login');
    expect(await tokens.countBy({ sessionId: alice.sessionId })).toBe(0);
    const cleared = setCookies(response.headers);
    for (const name of ['jupyterhub-hub-login', 'jupyterhub-session-id', '_xsrf']) {
      expect(cleared.get(name)).toContain('Max-Age=0');
    }
  });

  it('redirects a logged-in browser away from the login page', async () => {
    const alice = await loginAs(hub, 'alice');
    const response = await hub
      .http()
      .get('/hub/login?next=%2Fhub%2Ftoken')
      .set('Cookie', alice.cookie)
      .expect(302);
    expect(response.headers.location).toBe('/hub/token');
  });
});

describe('first-use registration key and password change', () => {
  let hub: HubFixture;
  beforeAll(
    async () =>
      (hub = await startHub({ FirstUseAuthenticator: { registration_key: 'workshop-key' } })),
  );
  afterAll(() => hub.close());

  it('asks new users for the registration key', async () => {
    const page = await hub.http().get('/hub/login').expect(200);
    expect(page.text).toContain('name="registration_key"');
    const refused = await submitLoginForm(hub, { username: 'kim', password: 'long-enough' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('A new user needs the correct registration key.');
    const accepted = await submitLoginForm(hub, {
      username: 'kim',
      password: 'long-enough',
      registration_key: 'workshop-key',
    });
    expect(accepted.status).toBe(302);
  });

  it('changes the password only with the XSRF token, the current password and the new one twice', async () => {
    const login = await submitLoginForm(hub, {
      username: 'lee',
      password: 'old-password',
      registration_key: 'workshop-key',
    });
    const cookie = cookieHeader(login.headers);
    const page = await hub
      .http()
      .get('/hub/auth/change-password')
      .set('Cookie', cookie)
      .expect(200);
    const xsrf = pageXsrf(page, cookie);
    const change = (fields: Record<string, string>) =>
      hub
        .http()
        .post('/hub/auth/change-password')
        .set('Cookie', cookie)
        .type('form')
        .send({
          new_password: 'new-password',
          new_password_confirmation: 'new-password',
          ...fields,
        });
    await change({ current_password: 'old-password' }).expect(403);
    const guessed = await change({ current_password: 'a-guess', _xsrf: xsrf }).expect(200);
    expect(guessed.text).toContain('Your current password is not correct.');
    const typo = await change({
      current_password: 'old-password',
      new_password_confirmation: 'new-pasword',
      _xsrf: xsrf,
    }).expect(200);
    expect(typo.text).toContain('The new password and its confirmation differ.');
    expect((await submitLoginForm(hub, { username: 'lee', password: 'old-password' })).status).toBe(
      302,
    );
    const changed = await change({ current_password: 'old-password', _xsrf: xsrf }).expect(200);
    expect(changed.text).toContain('Your password has been changed successfully!');
    expect((await submitLoginForm(hub, { username: 'lee', password: 'old-password' })).status).toBe(
      403,
    );
    expect((await submitLoginForm(hub, { username: 'lee', password: 'new-password' })).status).toBe(
      302,
    );
  });
});

describe('pages, errors and redirects', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub({ JupyterHub: { allow_named_servers: true } })));
  afterAll(() => hub.close());

  it('shows the home page with the server controls and named servers', async () => {
    const alice = await loginAs(hub, 'alice');
    const page = await hub.http().get('/hub/home').set('Cookie', alice.cookie).expect(200);
    expect(page.text).toContain('Start My Server');
    expect(page.text).toContain('Add New Server');
    expect(page.text).not.toContain(alice.xsrf);
    expect(page.text).toContain('<main id="main"');
  });

  it('shows the token page', async () => {
    const alice = await loginAs(hub, 'alice');
    const page = await hub.http().get('/hub/token').set('Cookie', alice.cookie).expect(200);
    expect(page.text).toContain('Request new API token');
  });

  it('renders the proxy error pages, with a link home for 503', async () => {
    const down = await hub.http().get('/hub/error/503?url=%2Fuser%2Falice%2F').expect(200);
    expect(down.text).toContain('503 : Service Unavailable');
    expect(down.text).toContain('<a href="/hub/home">from the hub</a>');
    const missing = await hub.http().get('/hub/error/404').expect(200);
    expect(missing.text).toContain('404 : Not Found');
  });

  it('renders unknown pages as HTML and unknown API paths as JSON', async () => {
    const page = await hub.http().get('/hub/no-such-page').expect(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('404 : Not Found');
    const api = await hub.http().get('/hub/api/no-such-thing').expect(404);
    expect(api.body).toMatchObject({ status: 404 });
  });

  it('keeps the signed-in nav on the page of a path no route matches', async () => {
    const alice = await loginAs(hub, 'alice');
    const page = await hub.http().get('/hub/no-such-page').set('Cookie', alice.cookie).expect(404);
    expect(page.text).toContain('404 : Not Found');
    expect(page.text).toContain('aria-label="Logged in as">alice<');
    expect(page.text).toContain('href="/hub/logout"');
  });

  it.each([
    ['/', '/hub/'],
    ['/user/alice', '/user/alice/'],
    ['/services/grader?a=1', '/services/grader/?a=1'],
    ['/user/alice/lab?x=1', '/hub/user/alice/lab?x=1'],
    ['/tree', '/hub/tree'],
  ])('redirects %s to %s', async (path, location) => {
    const response = await hub.http().get(path).expect(302);
    expect(response.headers.location).toBe(location);
  });

  it('serves static files and the logo without login', async () => {
    const css = await hub.http().get('/hub/static/style.css').expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const logo = await hub.http().get('/hub/logo').expect(200);
    expect(logo.headers['content-type']).toBe('image/svg+xml');
    const login = await hub.http().get('/hub/login').expect(200);
    const icon = /<link rel="icon" href="([^"]+)"/.exec(login.text)?.[1] ?? '';
    const favicon = await hub.http().get(icon).expect(200);
    expect(favicon.headers['content-type']).toBe('image/svg+xml');
    await hub.http().get('/hub/static/..%2F..%2Fpackage.json').expect(404);
  });
});

describe('deleting a first-use user', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub()));
  afterAll(() => hub.close());

  it('forgets its password, so the name can be registered again', async () => {
    expect(
      (await submitLoginForm(hub, { username: 'gone', password: 'first-secret' })).status,
    ).toBe(302);
    await hub
      .http()
      .delete('/hub/api/users/gone')
      .set(hub.auth(hub.tokens.adminService))
      .expect(204);
    const again = await submitLoginForm(hub, { username: 'gone', password: 'other-secret' });
    expect(again.status).toBe(302);
  });

  it('links the change-password page from every page', async () => {
    const alice = await loginAs(hub, 'alice');
    const page = await hub.http().get('/hub/home').set('Cookie', alice.cookie).expect(200);
    expect(page.text).toContain('href="/hub/auth/change-password"');
  });
});
