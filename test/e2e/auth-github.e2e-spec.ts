import { rawQuery } from '@orrery/core';
import { GitHubAccount, GitHubIdp } from '../fixtures/github/github-idp';
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
const APP = { client_id: 'orrery-e2e', client_secret: 'gh-secret', callback_url: CALLBACK };
const ACCOUNTS: GitHubAccount[] = [
  {
    id: 101,
    login: 'ada',
    orgs: ['analytical'],
    teams: ['analytical:engines', 'analytical:notes'],
  },
  { id: 102, login: 'Grace', orgs: ['navy'], teams: ['navy:cobol'] },
  { id: 103, login: 'hopper', orgs: ['navy'] },
  { id: 104, login: 'linus' },
  { id: 105, login: 'mallory', orgs: ['analytical'] },
  // a second account whose login normalises to ada's hub name
  { id: 106, login: 'ADA', orgs: ['analytical'] },
  { id: 107, login: 'ida', orgs: ['analytical'] },
  { id: 108, login: 'kay', orgs: ['analytical'] },
];

describe('the github authenticator against a GitHub Enterprise fixture', () => {
  let hub: HubFixture;
  const idp = new GitHubIdp(APP, ACCOUNTS);
  withCryptKey();
  beforeAll(async () => {
    await idp.start();
    idp.perPageCap = 1;
  });
  afterAll(() => idp.stop());
  const logged = captureWarnings();
  serverHub(
    (home) => ({
      ...spawnConfig(home),
      JupyterHub: { authenticator_class: 'oauthenticator.github.GitHubOAuthenticator' },
      Authenticator: {
        admin_users: ['root', 'grace'],
        blocked_users: ['mallory'],
        // every refusal here would count toward 127.0.0.1's delay (auth-route-failures tests it)
        login_throttle: false,
        enable_auth_state: true,
        refresh_pre_spawn: true,
      },
      GitHubOAuthenticator: {
        client_id: APP.client_id,
        client_secret: APP.client_secret,
        github_url: idp.url,
        oauth_callback_url: CALLBACK,
        scope: ['read:org', 'user:email'],
        allowed_organizations: ['analytical', 'navy:cobol'],
        populate_teams_in_auth_state: true,
        http_request_timeout: 1,
      },
    }),
    (started) => (hub = started),
  );

  it('signs an organisation member in, to a running server through the proxy', async () => {
    const jar = new CookieJar();
    const authorize = await authorizeUrl(hub, jar, '/hub/oauth_login?next=%2Fhub%2Fspawn');
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${idp.url}/login/oauth/authorize`);
    expect(authorize.searchParams.get('redirect_uri')).toBe(CALLBACK);
    expect(authorize.searchParams.get('scope')).toBe('read:org user:email');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    const callback = await signInAtIdp(String(authorize), 'ada');
    const { locations } = await follow(hub, jar, hubPath(callback), 12);
    expect(locations[0]).toBe('/hub/spawn');
    expect(locations).toContainEqual(expect.stringMatching(/^\/user\/ada\//));
    const answer = await viaProxy(hub, '/user/ada/api');
    expect(answer.status).toBe(200);
    expect(await userRow(hub, 'ada')).toEqual({
      admin: false,
      info: expect.objectContaining({ identity: 'github:101' }),
    });
    expect(idp.requests).toContain('/api/v3/orgs/analytical/members/ada');
  });

  it('keeps the token, the GitHub user and every page of teams in the auth state', async () => {
    const read = await hub.http().get('/hub/api/users/ada').set(hub.auth(hub.tokens.adminService));
    expect(read.status).toBe(200);
    const state = read.body.auth_state;
    expect(state.access_token).toMatch(/^gho_/);
    expect(state.github_user).toMatchObject({ login: 'ada', id: 101, email: 'ada@users.example' });
    expect(state.scope).toEqual(['read:org', 'user:email']);
    expect(state.teams.map((team: { slug: string }) => team.slug)).toEqual(['engines', 'notes']);
  });

  it('admits a member of an allowed team (org:team), admin by admin_users', async () => {
    const { response } = await oauthSignIn(hub, new CookieJar(), 'Grace');
    expect(response.status).toBeLessThan(400);
    expect(idp.requests).toContain('/api/v3/orgs/navy/teams/cobol/members/Grace');
    expect(await userRow(hub, 'grace')).toMatchObject({ admin: true });
  });

  it('refuses a member of the organisation who is not in the allowed team', async () => {
    const { response } = await oauthSignIn(hub, new CookieJar(), 'hopper');
    await refusedWithoutUser(hub, response, 403, /not allowed to use this hub/, 'hopper');
    expect(idp.requests).toContain('/api/v3/orgs/analytical/public_members/hopper');
    logged('hopper is not allowed');
  });

  it('refuses a user in no allowed organisation, and a blocked member', async () => {
    const outsider = await oauthSignIn(hub, new CookieJar(), 'linus');
    await refusedWithoutUser(hub, outsider.response, 403, /not allowed to use this hub/, 'linus');
    const blocked = await oauthSignIn(hub, new CookieJar(), 'mallory');
    await refusedWithoutUser(hub, blocked.response, 403, /not allowed to use this hub/, 'mallory');
    logged('login failed user="mallory" ip=127.0.0.1 reason="mallory is in blocked_users"');
  });

  it('refuses another GitHub account whose login normalises to an existing user', async () => {
    const { response } = await oauthSignIn(hub, new CookieJar(), 'ADA');
    expect(response.status).toBe(403);
    expect(response.text).toMatch(/already belongs to another account/);
    logged('ada belongs to another identity');
    expect((await userRow(hub, 'ada'))?.info.identity).toBe('github:101');
  });

  it('asks GitHub again before a spawn: a member who left the organisation cannot start', async () => {
    const jar = new CookieJar();
    const { locations } = await oauthSignIn(hub, jar, 'ida', '/hub/oauth_login?next=%2Fhub%2Fhome');
    expect(locations[0]).toBe('/hub/home');
    ACCOUNTS.find((account) => account.login === 'ida')!.orgs = [];
    const spawn = await browse(hub, jar, '/hub/spawn');
    expect(spawn.status).toBe(403);
    expect(spawn.text).toMatch(/auth has expired for ida, login again/);
    logged('authentication of ida expired: ida is not allowed');
    const servers = await rawQuery<{ n: unknown }>(
      hub.dataSource,
      "SELECT COUNT(*) AS n FROM spawners s JOIN users u ON u.id = s.user_id WHERE u.name = 'ida' AND s.server_id IS NOT NULL",
      [],
    );
    expect(Number(servers[0].n)).toBe(0);
  });

  it('asks GitHub again before a spawn: a revoked token ends the login', async () => {
    const jar = new CookieJar();
    await oauthSignIn(hub, jar, 'kay', '/hub/oauth_login?next=%2Fhub%2Fhome');
    idp.revokeTokens('kay');
    const spawn = await browse(hub, jar, '/hub/spawn');
    expect(spawn.status).toBe(403);
    expect(spawn.text).toMatch(/auth has expired for kay/);
  });

  it('refuses a callback whose state does not match, and one without the state cookie', async () => {
    const jar = new CookieJar();
    const callback = await signInAtIdp(String(await authorizeUrl(hub, jar)), 'hopper');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged');
    await refusedWithoutUser(
      hub,
      await browse(hub, jar, hubPath(forged)),
      400,
      /could not be verified/,
      'hopper',
    );
    logged('OAuth state mismatch');
    const elsewhere = await browse(hub, new CookieJar(), hubPath(callback));
    await refusedWithoutUser(
      hub,
      elsewhere,
      400,
      /expired or was started in another browser/,
      'hopper',
    );
  });

  it('refuses a code used twice and a made-up code', async () => {
    const jar = new CookieJar();
    const first = await oauthSignIn(hub, jar, 'Grace');
    expect(first.response.status).toBeLessThan(400);
    const again = new CookieJar();
    const state = (await authorizeUrl(hub, again)).searchParams.get('state')!;
    const reused = new URL(first.callback);
    reused.searchParams.set('state', state);
    const response = await browse(hub, again, hubPath(reused));
    expect(response.status).toBe(403);
    expect(response.text).toMatch(/did not accept this sign-in/);
    logged('token exchange: bad_verification_code');
    const other = new CookieJar();
    const otherState = (await authorizeUrl(hub, other)).searchParams.get('state')!;
    const madeUp = await browse(hub, other, `/hub/oauth_callback?code=nope&state=${otherState}`);
    expect(madeUp.status).toBe(403);
  });

  it('shows the error GitHub sends back when the person denies access', async () => {
    const jar = new CookieJar();
    const state = (await authorizeUrl(hub, jar)).searchParams.get('state')!;
    const denied = await browse(
      hub,
      jar,
      `/hub/oauth_callback?error=access_denied&error_description=The+user+has+denied+your+application+access.&state=${state}`,
    );
    expect(denied.status).toBe(403);
    expect(denied.text).toMatch(/denied your application access/);
  });

  it('gives up on a GitHub slower than http_request_timeout, creating no user', async () => {
    idp.tokenDelayMs = 3000;
    try {
      const { response } = await oauthSignIn(hub, new CookieJar(), 'hopper');
      await refusedWithoutUser(hub, response, 504, /did not answer in time/, 'hopper');
      logged('no answer from');
    } finally {
      idp.tokenDelayMs = 0;
    }
  });

  it('refuses with a clear page when GitHub is down', async () => {
    const jar = new CookieJar();
    const callback = await signInAtIdp(String(await authorizeUrl(hub, jar)), 'hopper');
    await idp.stop();
    const response = await browse(hub, jar, hubPath(callback));
    await refusedWithoutUser(hub, response, 502, /GitHub could not be reached/, 'hopper');
    logged('ECONNREFUSED');
  });
});
