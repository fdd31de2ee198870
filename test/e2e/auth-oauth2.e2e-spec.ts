import { freePort } from '../contracts/proxy/peers';
import { RunningOidc, startOidc } from '../fixtures/oidc/oidc-process';
import { HubFixture } from './fixtures/hub-fixture';
import { authorizeUrl, hubPath, oauthSignIn, signInAtIdp } from './fixtures/idp-sign-in';
import { browse, CookieJar, follow } from './fixtures/login-flow';
import {
  captureWarnings,
  refusedWithoutUser,
  userRow,
  withCryptKey,
} from './fixtures/login-checks';
import { serverHub, spawnConfig, viaProxy } from './servers-helpers';

const CALLBACK = 'http://127.0.0.1:8000/hub/oauth_callback';
const CLIENT = {
  client_id: 'orrery-e2e',
  client_secret: 'oidc-secret',
  redirect_uris: [CALLBACK],
  token_endpoint_auth_method: 'client_secret_post' as const,
};
const roles = (...names: string[]) => ({ realm_access: { roles: names } });
const ACCOUNTS = {
  'sub-ines': { preferred_username: 'ines', email: 'ines@idp.test', ...roles('students') },
  'sub-omar': { preferred_username: 'Omar', ...roles('students', 'staff') },
  'sub-pia': { preferred_username: 'pia', ...roles('visitors') },
  'sub-mallory': { preferred_username: 'mallory', ...roles('students') },
  // another account whose name normalises to ines
  'sub-ines-2': { preferred_username: 'INES', ...roles('students') },
};

describe('the oauth2 authenticator against an OpenID Provider (oidc-provider)', () => {
  let hub: HubFixture;
  let oidc: RunningOidc;
  withCryptKey();
  beforeAll(async () => {
    oidc = await startOidc({ clients: [CLIENT], accounts: ACCOUNTS });
  }, 30_000);
  afterAll(async () => {
    await oidc?.stop();
  });
  const logged = captureWarnings();
  serverHub(
    (home) => ({
      ...spawnConfig(home),
      JupyterHub: { authenticator_class: 'oauth2' },
      Authenticator: {
        admin_users: ['root'],
        blocked_users: ['mallory'],
        // every refusal here would count toward 127.0.0.1's delay (auth-route-failures tests it)
        login_throttle: false,
        manage_groups: true,
        enable_auth_state: true,
        // the spawn of each sign-in below asks the provider again (userinfo, same identity)
        refresh_pre_spawn: true,
      },
      GenericOAuthenticator: {
        client_id: CLIENT.client_id,
        client_secret: CLIENT.client_secret,
        oidc_issuer: oidc.issuer,
        oauth_callback_url: CALLBACK,
        scope: ['openid', 'profile', 'email', 'groups'],
        username_claim: 'preferred_username',
        claim_groups_key: 'realm_access.roles',
        allowed_groups: ['students'],
        admin_groups: ['staff'],
        login_service: 'Test IdP',
        http_request_timeout: 1,
      },
    }),
    (started) => (hub = started),
  );

  it('names the provider on the login page and goes to it from there', async () => {
    const page = await hub.http().get('/hub/login').expect(200);
    expect(page.text).toContain('Test IdP');
    const authorize = await authorizeUrl(hub, new CookieJar());
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${oidc.issuer}/auth`);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  });

  it('signs a member of allowed_groups in, to a running server through the proxy', async () => {
    const jar = new CookieJar();
    const callback = await signInAtIdp(
      String(await authorizeUrl(hub, jar, '/hub/oauth_login?next=%2Fhub%2Fspawn')),
      'sub-ines',
    );
    const { locations } = await follow(hub, jar, hubPath(callback), 12);
    expect(locations[0]).toBe('/hub/spawn');
    expect(locations).toContainEqual(expect.stringMatching(/^\/user\/ines\//));
    expect((await viaProxy(hub, '/user/ines/api')).status).toBe(200);
    expect(await userRow(hub, 'ines')).toEqual({
      admin: false,
      info: expect.objectContaining({ identity: `${oidc.issuer}|sub-ines` }),
    });
    const read = await hub.http().get('/hub/api/users/ines').set(hub.auth(hub.tokens.adminService));
    expect(read.body.groups).toEqual(['students']);
    expect(read.body.auth_state.oauth_user).toMatchObject({
      sub: 'sub-ines',
      email: 'ines@idp.test',
    });
    expect(read.body.auth_state.id_token).toEqual(expect.any(String));
  });

  it('makes members of admin_groups admins, and takes admin away from a non-member', async () => {
    const omar = await oauthSignIn(hub, new CookieJar(), 'sub-omar');
    expect(omar.response.status).toBeLessThan(400);
    expect(await userRow(hub, 'omar')).toMatchObject({ admin: true });
    await hub
      .http()
      .patch('/hub/api/users/ines')
      .set(hub.auth(hub.tokens.adminService))
      .send({ admin: true })
      .expect(200);
    const ines = await oauthSignIn(hub, new CookieJar(), 'sub-ines');
    expect(ines.response.status).toBeLessThan(400);
    expect(await userRow(hub, 'ines')).toMatchObject({ admin: false });
  });

  it('refuses a user in none of allowed_groups, and a blocked member', async () => {
    const outsider = await oauthSignIn(hub, new CookieJar(), 'sub-pia');
    await refusedWithoutUser(hub, outsider.response, 403, /not allowed to use this hub/, 'pia');
    logged('login failed user="pia" ip=127.0.0.1 reason="pia is not allowed');
    const blocked = await oauthSignIn(hub, new CookieJar(), 'sub-mallory');
    await refusedWithoutUser(hub, blocked.response, 403, /not allowed to use this hub/, 'mallory');
    logged('mallory is in blocked_users');
  });

  it('refuses another account whose name normalises to an existing user', async () => {
    const { response } = await oauthSignIn(hub, new CookieJar(), 'sub-ines-2');
    expect(response.status).toBe(403);
    expect(response.text).toMatch(/already belongs to another account/);
    logged('ines belongs to another identity');
    expect((await userRow(hub, 'ines'))?.info.identity).toBe(`${oidc.issuer}|sub-ines`);
  });

  it('refuses a callback with a forged state', async () => {
    const jar = new CookieJar();
    const callback = await signInAtIdp(String(await authorizeUrl(hub, jar)), 'sub-pia');
    callback.searchParams.set('state', 'forged');
    const response = await browse(hub, jar, hubPath(callback));
    await refusedWithoutUser(hub, response, 400, /could not be verified/, 'pia');
    logged('OAuth state mismatch');
  });

  it('refuses a code used twice', async () => {
    const first = await oauthSignIn(hub, new CookieJar(), 'sub-omar');
    expect(first.response.status).toBeLessThan(400);
    const jar = new CookieJar();
    const reused = new URL(first.callback);
    reused.searchParams.set('state', (await authorizeUrl(hub, jar)).searchParams.get('state')!);
    const response = await browse(hub, jar, hubPath(reused));
    expect(response.status).toBe(403);
    expect(response.text).toMatch(/did not accept this sign-in/);
    logged('token exchange: invalid_grant');
  });

  it('gives up on a provider that stops answering, after http_request_timeout', async () => {
    const jar = new CookieJar();
    const callback = await signInAtIdp(String(await authorizeUrl(hub, jar)), 'sub-pia');
    oidc.process.kill('SIGSTOP');
    try {
      const response = await browse(hub, jar, hubPath(callback));
      await refusedWithoutUser(hub, response, 504, /Test IdP did not answer in time/, 'pia');
      logged('within 1 s (http_request_timeout)');
    } finally {
      oidc.process.kill('SIGCONT');
    }
  });

  it('refuses with a clear page when the provider is down', async () => {
    const jar = new CookieJar();
    const callback = await signInAtIdp(String(await authorizeUrl(hub, jar)), 'sub-pia');
    await oidc.stop();
    const response = await browse(hub, jar, hubPath(callback));
    await refusedWithoutUser(hub, response, 502, /Test IdP could not be reached/, 'pia');
    logged('ECONNREFUSED');
  });
});

describe('the oauth2 authenticator with an issuer that is down from the start', () => {
  let hub: HubFixture;
  let issuer: string;
  beforeAll(async () => {
    // a port nobody listens on: it was free a moment ago
    issuer = `http://127.0.0.1:${await freePort()}`;
  });
  serverHub(
    () => ({
      JupyterHub: { authenticator_class: 'generic-oauth' },
      GenericOAuthenticator: {
        client_id: 'orrery-e2e',
        client_secret: 's',
        oidc_issuer: issuer,
        scope: ['openid'],
      },
    }),
    (started) => (hub = started),
  );

  it('starts, and answers the login button with a page naming the problem', async () => {
    const response = await browse(hub, new CookieJar(), '/hub/oauth_login');
    expect(response.status).toBe(502);
    expect(response.text).toMatch(/OAuth 2.0 could not be reached/);
  });
});

describe('the oauth2 authenticator with plain OAuth2 URLs (no discovery)', () => {
  let hub: HubFixture;
  let oidc: RunningOidc;
  beforeAll(async () => {
    oidc = await startOidc({ clients: [CLIENT], accounts: ACCOUNTS });
  }, 30_000);
  afterAll(() => oidc?.stop());
  serverHub(
    (home) => ({
      ...spawnConfig(home),
      JupyterHub: { authenticator_class: 'oauthenticator.generic.GenericOAuthenticator' },
      Authenticator: { allow_all: true },
      GenericOAuthenticator: {
        client_id: CLIENT.client_id,
        client_secret: CLIENT.client_secret,
        authorize_url: `${oidc.issuer}/auth`,
        token_url: `${oidc.issuer}/token`,
        userdata_url: `${oidc.issuer}/me`,
        oauth_callback_url: CALLBACK,
        scope: ['openid', 'profile'],
        username_claim: 'preferred_username',
      },
    }),
    (started) => (hub = started),
  );

  it('reads the user from userdata_url, without a nonce, and records the subject', async () => {
    const jar = new CookieJar();
    const authorize = await authorizeUrl(hub, jar);
    expect(authorize.searchParams.has('nonce')).toBe(false);
    const callback = await signInAtIdp(String(authorize), 'sub-pia');
    const { locations } = await follow(hub, jar, hubPath(callback), 12);
    expect(locations).toContainEqual(expect.stringMatching(/^\/user\/pia\//));
    expect((await viaProxy(hub, '/user/pia/api')).status).toBe(200);
    expect(await userRow(hub, 'pia')).toMatchObject({
      info: expect.objectContaining({ identity: `${oidc.issuer}|sub-pia` }),
    });
  });
});
