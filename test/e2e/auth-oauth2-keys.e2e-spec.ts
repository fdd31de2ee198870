import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { RunningOidc, startOidc } from '../fixtures/oidc/oidc-process';
import { HubFixture } from './fixtures/hub-fixture';
import { authorizeUrl, oauthSignIn } from './fixtures/idp-sign-in';
import { CookieJar } from './fixtures/login-flow';
import { withCryptKey } from './fixtures/login-checks';
import { serverHub, spawnConfig } from './servers-helpers';

const CALLBACK = 'http://127.0.0.1:8000/hub/oauth_callback';
// registered for client_secret_basic; the relay in front of its token endpoint shows what is sent
const CLIENT = {
  client_id: 'orrery-keys',
  client_secret: 'oidc-keys-secret',
  redirect_uris: [CALLBACK],
  token_endpoint_auth_method: 'client_secret_basic' as const,
};
const ACCOUNTS = { 'sub-tam': { preferred_username: 'tam' } };

/** A user data endpoint that records what the hub asked and answers tam's profile. */
async function startUserdata(): Promise<{ url: string; seen: URL[]; close(): Promise<void> }> {
  const seen: URL[] = [];
  const server = http.createServer((request, response) => {
    seen.push(new URL(request.url ?? '/', 'http://userdata.test'));
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ sub: 'sub-tam', login: 'tam', teams: { ids: ['class-7a'] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/profile`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface SeenTokenRequest {
  authorization?: string;
  form: URLSearchParams;
}

/** The provider's token endpoint behind a relay that records each token request. */
async function startTokenRelay(
  tokenUrl: string,
): Promise<{ url: string; seen: SeenTokenRequest[]; close(): Promise<void> }> {
  const seen: SeenTokenRequest[] = [];
  const server = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString();
    seen.push({ authorization: request.headers.authorization, form: new URLSearchParams(body) });
    const headers: Record<string, string> = {
      'content-type': String(request.headers['content-type']),
    };
    if (request.headers.authorization) headers.authorization = request.headers.authorization;
    const answer = await fetch(tokenUrl, { method: 'POST', headers, body });
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * GenericOAuthenticator keys no other suite touches, each shown by what reaches the provider
 * or by a sign-in that could not succeed without it: `basic_auth` (the client's credentials in
 * the token request's Authorization header), `extra_authorize_params`, `userdata_params` on
 * the `userdata_url` request, and `auth_state_groups_key` (where in the auth state the groups are).
 */
describe('oauth2 authenticator keys: basic_auth, extra_authorize_params, userdata_params, auth_state_groups_key', () => {
  let hub: HubFixture;
  let oidc: RunningOidc;
  let userdata: Awaited<ReturnType<typeof startUserdata>>;
  let tokens: Awaited<ReturnType<typeof startTokenRelay>>;
  withCryptKey();
  beforeAll(async () => {
    oidc = await startOidc({ clients: [CLIENT], accounts: ACCOUNTS });
    userdata = await startUserdata();
    tokens = await startTokenRelay(`${oidc.issuer}/token`);
  }, 30_000);
  afterAll(async () => {
    await oidc?.stop();
    await userdata?.close();
    await tokens?.close();
  });
  serverHub(
    (home) => ({
      ...spawnConfig(home),
      JupyterHub: { authenticator_class: 'oauth2' },
      Authenticator: { manage_groups: true, enable_auth_state: true },
      GenericOAuthenticator: {
        client_id: CLIENT.client_id,
        client_secret: CLIENT.client_secret,
        authorize_url: `${oidc.issuer}/auth`,
        token_url: tokens.url,
        userdata_url: userdata.url,
        oauth_callback_url: CALLBACK,
        scope: ['openid'],
        username_claim: 'login',
        basic_auth: true,
        extra_authorize_params: { login_hint: 'tam', ui_locales: 'fr' },
        userdata_params: { fields: 'teams' },
        claim_groups_key: 'not-there',
        auth_state_groups_key: 'oauth_user.teams.ids',
        allowed_groups: ['class-7a'],
      },
    }),
    (started) => (hub = started),
  );

  it('sends extra_authorize_params with the authorize request', async () => {
    const authorize = await authorizeUrl(hub, new CookieJar());
    expect(authorize.searchParams.get('login_hint')).toBe('tam');
    expect(authorize.searchParams.get('ui_locales')).toBe('fr');
  });

  it('signs in with the client credentials in a Basic header, asks user data with userdata_params, takes groups from auth_state_groups_key', async () => {
    const signIn = await oauthSignIn(hub, new CookieJar(), 'sub-tam');
    expect(signIn.response.status).toBeLessThan(400);
    const tam = await hub.http().get('/hub/api/users/tam').set(hub.auth(hub.tokens.adminService));
    expect(tam.status).toBe(200);
    expect(tam.body.groups).toEqual(['class-7a']);
    expect(userdata.seen.at(-1)?.searchParams.get('fields')).toBe('teams');
    const exchange = tokens.seen.at(-1);
    const pair = `${CLIENT.client_id}:${CLIENT.client_secret}`;
    expect(exchange?.authorization).toBe(`Basic ${Buffer.from(pair).toString('base64')}`);
    expect(exchange?.form.get('client_secret')).toBeNull();
  });
});
