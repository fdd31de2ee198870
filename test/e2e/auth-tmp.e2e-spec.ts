import { rawQuery } from '@orrery/core';
import { HubFixture } from './fixtures/hub-fixture';
import { CookieJar, follow } from './fixtures/login-flow';
import { submitLoginForm } from './fixtures/browser-login';
import { serverHub, spawnConfig, viaProxy } from './servers-helpers';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function userNames(hub: HubFixture): Promise<string[]> {
  const rows = await rawQuery<{ name: string }>(hub.dataSource, 'SELECT name FROM users', []);
  return rows.map((row) => row.name).filter((name) => UUID.test(name));
}

/**
 * Follows a visit from /hub/login (or a later one to /hub/tmplogin, where a visitor who has a
 * user comes back) to the visitor's running server; answers its user name.
 */
async function visit(hub: HubFixture, jar: CookieJar, start = '/hub/login'): Promise<string> {
  const { locations } = await follow(hub, jar, start, 12);
  if (start === '/hub/login') expect(locations.slice(0, 1)).toEqual(['/hub/tmplogin']);
  const server = locations.find((location) => location.startsWith('/user/'));
  expect(server).toBeDefined();
  return decodeURIComponent(server!.split('/')[2]);
}

describe('the tmp authenticator', () => {
  let hub: HubFixture;
  serverHub(
    (home) => ({ ...spawnConfig(home), JupyterHub: { authenticator_class: 'tmp' } }),
    (started) => (hub = started),
  );

  it('gives every visitor a new anonymous user and sends them to their running server', async () => {
    const jar = new CookieJar();
    const name = await visit(hub, jar);
    expect(name).toMatch(UUID);
    const answer = await viaProxy(hub, `/user/${name}/api`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ version: 'fixture' });
    expect(await visit(hub, new CookieJar())).not.toBe(name);
  });

  it('with force_new_server (the default), a second visit of the same browser is a new user', async () => {
    const jar = new CookieJar();
    const first = await visit(hub, jar);
    expect(await visit(hub, jar, '/hub/tmplogin')).not.toBe(first);
  });

  it('keeps a next path through the login', async () => {
    const jar = new CookieJar();
    const { locations } = await follow(hub, jar, '/hub/tmplogin?next=%2Fhub%2Ftoken', 1);
    expect(locations).toEqual(['/hub/token']);
    const offsite = await follow(
      hub,
      new CookieJar(),
      '/hub/tmplogin?next=https%3A%2F%2Fevil.example%2F',
      1,
    );
    expect(offsite.locations[0]).not.toContain('evil.example');
  });
});

describe('the tmp authenticator keeping the visitor', () => {
  let hub: HubFixture;
  serverHub(
    (home) => ({
      ...spawnConfig(home),
      JupyterHub: { authenticator_class: 'tmpauthenticator.TmpAuthenticator' },
      TmpAuthenticator: { force_new_server: false },
    }),
    (started) => (hub = started),
  );

  it('without force_new_server, a browser that has a user keeps it', async () => {
    const jar = new CookieJar();
    const first = await visit(hub, jar);
    expect(await visit(hub, jar, '/hub/tmplogin')).toBe(first);
  });
});

describe('the tmp authenticator behind a shared password', () => {
  let hub: HubFixture;
  serverHub(
    (home) => ({
      ...spawnConfig(home),
      JupyterHub: { authenticator_class: 'tmp' },
      TmpAuthenticator: { shared_password: 'workshop-2026' },
    }),
    (started) => (hub = started),
  );

  it('asks for the password only, and refuses a wrong one without creating a user', async () => {
    const page = await hub.http().get('/hub/login').expect(200);
    expect(page.text).toContain('name="password"');
    expect(page.text).not.toContain('name="username"');
    const wrong = await submitLoginForm(hub, { password: 'guess' });
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('Wrong password');
    expect(await userNames(hub)).toEqual([]);
    await hub.http().get('/hub/tmplogin').expect(404);
  });

  it('lets a visitor with the password in, as a new anonymous user', async () => {
    const right = await submitLoginForm(hub, { password: 'workshop-2026' });
    expect(right.status).toBe(302);
    const names = await userNames(hub);
    expect(names).toHaveLength(1);
    expect(right.headers['set-cookie']).toEqual(
      expect.arrayContaining([expect.stringMatching(/^jupyterhub-hub-login=/)]),
    );
  });

  it('still answers /hub/health without a login, and nothing else', async () => {
    await hub.http().get('/hub/health').expect(200);
    const home = await hub.http().get('/hub/home').set('Sec-Fetch-Mode', 'navigate');
    expect(home.status).toBe(302);
    expect(home.headers.location).toMatch(/^\/hub\/login/);
  });
});
