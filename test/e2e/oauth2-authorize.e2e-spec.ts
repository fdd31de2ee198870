import { FakeClock } from '@orrery/core';
import { codeChallengeOf } from '@orrery/oauth';
import { BrowserSession, loginAs } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { registerServerClient, ServerClient, tokenForm } from './oauth2-helpers';

const GRADER_TOKEN = 'grader-service-token-0123456789';
const NBVIEWER_TOKEN = 'nbviewer-service-token-0123456789';
const VERIFIER = 'e2e-verifier-0123456789-0123456789-0123456789';
const FORM = 'application/x-www-form-urlencoded';

/** Services with OAuth clients: one asks for confirmation, one is trusted (oauth_no_confirm). */
const CONFIG = {
  JupyterHub: {
    services: [
      {
        name: 'grader',
        url: 'http://127.0.0.1:10101',
        api_token: GRADER_TOKEN,
        oauth_client_allowed_scopes: ['read:users!user', 'read:users:activity!user'],
      },
      {
        name: 'nbviewer',
        url: 'http://127.0.0.1:10102',
        api_token: NBVIEWER_TOKEN,
        oauth_no_confirm: true,
      },
    ],
    load_roles: [
      {
        name: 'service-users',
        scopes: ['access:services!service=grader', 'access:services!service=nbviewer'],
        users: ['alice'],
      },
    ],
  },
};

const GRADER: ServerClient = {
  clientId: 'service-grader',
  secret: GRADER_TOKEN,
  redirectUri: '/services/grader/oauth_callback',
};

function authorizeUrl(client: ServerClient, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    state: 'state-1',
    ...params,
  });
  return `/hub/api/oauth2/authorize?${query.toString()}`;
}

/** The query of a redirect to the client. */
function redirectQuery(location: string, client: ServerClient): URLSearchParams {
  const [path, query] = location.split('?');
  expect(path).toBe(client.redirectUri);
  return new URLSearchParams(query);
}

describe('the OAuth authorize endpoint: /hub/api/oauth2/authorize', () => {
  let hub: HubFixture;
  let clock: FakeClock;
  let alice: BrowserSession;
  let aliceServer: ServerClient;
  let bobServer: ServerClient;

  const get = (url: string, browser: BrowserSession | null = alice) => {
    const request = hub.http().get(url);
    return browser ? request.set('Cookie', browser.cookie) : request;
  };
  const exchange = (client: ServerClient, code: string, extra: Record<string, string> = {}) =>
    hub
      .http()
      .post('/hub/api/oauth2/token')
      .set('Content-Type', FORM)
      .send(tokenForm(client, code, extra));
  /** Authorises a client that needs no confirmation and returns the code. */
  const codeOf = async (client: ServerClient, params: Record<string, string> = {}) => {
    const response = await get(authorizeUrl(client, params));
    expect(response.status).toBe(302);
    const query = redirectQuery(response.headers.location, client);
    expect(query.get('state')).toBe('state-1');
    return query.get('code') as string;
  };

  beforeAll(async () => {
    clock = new FakeClock(new Date());
    hub = await startHub(CONFIG, clock);
    alice = await loginAs(hub, 'alice');
    aliceServer = await registerServerClient(hub, 'alice');
    bobServer = await registerServerClient(hub, 'bob');
  });

  afterAll(() => hub.close());

  it('sends a browser without login to the login page, coming back here', async () => {
    const url = authorizeUrl(aliceServer);
    const response = await get(url, null);
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`/hub/login?next=${encodeURIComponent(url)}`);
  });

  describe('for the user’s own server (no confirmation)', () => {
    it.each([
      ['S256', 'S256' as const],
      ['plain', 'plain' as const],
    ])('completes the code flow with PKCE %s', async (_name, method) => {
      const challenge = codeChallengeOf(VERIFIER, method);
      const code = await codeOf(aliceServer, {
        code_challenge: challenge,
        code_challenge_method: method,
      });
      expect(code).toMatch(/^[A-Za-z0-9]{30}$/);
      const token = await exchange(aliceServer, code, { code_verifier: VERIFIER });
      expect(token.status).toBe(200);
      expect(token.body.scope).toBe(
        'access:servers!server=alice/ read:users:groups!user read:users:name!user',
      );
      const whoami = await hub
        .http()
        .get('/hub/api/user')
        .set('Authorization', `token ${token.body.access_token as string}`);
      expect(whoami.body).toMatchObject({
        name: 'alice',
        session_id: alice.sessionId,
        scopes: [
          'access:servers!server=alice/',
          'read:users:groups!user=alice',
          'read:users:name!user=alice',
        ],
      });
    });

    it('refuses the exchange without the verifier of a PKCE code', async () => {
      const code = await codeOf(aliceServer, {
        code_challenge: codeChallengeOf(VERIFIER, 'S256'),
        code_challenge_method: 'S256',
      });
      const response = await exchange(aliceServer, code);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        error: 'invalid_request',
        error_description: 'Code verifier required.',
      });
    });

    it('refuses a code after its 300 seconds', async () => {
      const code = await codeOf(aliceServer);
      clock.advance(301_000);
      const response = await exchange(aliceServer, code);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ error: 'invalid_grant' });
    });

    it('refuses a code used twice', async () => {
      const code = await codeOf(aliceServer);
      expect((await exchange(aliceServer, code)).status).toBe(200);
      expect((await exchange(aliceServer, code)).body).toEqual({ error: 'invalid_grant' });
    });
  });

  describe('errors', () => {
    it('redirects a scope the client may not ask for as invalid_scope, with the state', async () => {
      const response = await get(authorizeUrl(aliceServer, { scope: 'admin:users' }));
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe(
        '/user/alice/oauth_callback?error=invalid_scope&state=state-1',
      );
    });

    it('redirects an unknown PKCE method as invalid_request', async () => {
      const response = await get(
        authorizeUrl(aliceServer, { code_challenge: 'x', code_challenge_method: 'S512' }),
      );
      const query = redirectQuery(response.headers.location, aliceServer);
      expect(Object.fromEntries(query)).toEqual({
        error: 'invalid_request',
        error_description: 'Transform algorithm not supported.',
        state: 'state-1',
      });
    });

    it.each([
      ['an unknown client', { client_id: 'service-nobody' }, 'Invalid client_id parameter value.'],
      [
        'another redirect_uri',
        { redirect_uri: '/user/bob/oauth_callback' },
        'Mismatching redirect URI.',
      ],
    ])(
      'shows %s on an HTML error page (400), never redirecting',
      async (_case, change, message) => {
        const response = await get(authorizeUrl(aliceServer, change));
        expect(response.status).toBe(400);
        expect(response.headers['content-type']).toMatch(/^text\/html/);
        expect(response.text).toContain(message);
      },
    );

    it('forbids another user’s server with a 403 page', async () => {
      const response = await get(authorizeUrl(bobServer));
      expect(response.status).toBe(403);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('You do not have permission to access Server at /user/bob/');
    });
  });

  describe('for a service', () => {
    it('skips confirmation for a service with oauth_no_confirm', async () => {
      const nbviewer = {
        clientId: 'service-nbviewer',
        secret: NBVIEWER_TOKEN,
        redirectUri: '/services/nbviewer/oauth_callback',
      };
      const code = await codeOf(nbviewer);
      expect((await exchange(nbviewer, code)).body.scope).toBe(
        'access:services!service=nbviewer read:users:groups!user read:users:name!user',
      );
    });

    it('asks for confirmation, then grants what the form posts', async () => {
      const page = await get(authorizeUrl(GRADER), alice);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('JupyterHub service grader');
      expect(page.text).toContain('method="post"');
      // a page, not an API answer: the API's default-src 'none' would block its own stylesheet
      expect(page.headers['content-security-policy']).not.toContain('default-src');
      expect(page.headers['content-security-policy']).toMatch(/^frame-ancestors 'none';/);
      expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
      const hidden = [...page.text.matchAll(/name="scopes" value="([^"]+)"/g)].map((m) => m[1]);
      expect(hidden.sort()).toEqual([
        'access:services!service=grader',
        'read:users!user',
        'read:users:activity!user',
        'read:users:groups!user',
        'read:users:name!user',
      ]);
      const form = new URLSearchParams([
        ['_xsrf', alice.xsrf] as [string, string],
        ...hidden
          .filter((s) => s !== 'read:users!user')
          .map((s): [string, string] => ['scopes', s]),
      ]);
      const posted = await hub
        .http()
        .post(authorizeUrl(GRADER))
        .set('Cookie', alice.cookie)
        .set('Content-Type', FORM)
        .send(form.toString());
      expect(posted.status).toBe(302);
      const code = redirectQuery(posted.headers.location, GRADER).get('code') as string;
      const token = await exchange(GRADER, code);
      expect(token.body.scope).toBe(
        'access:services!service=grader read:users:activity!user read:users:groups!user read:users:name!user',
      );
      // the same scopes again: the tokens cover them, no second confirmation
      const again = await get(
        authorizeUrl(GRADER, {
          scope: 'read:users:activity!user',
        }),
        alice,
      );
      expect(again.status).toBe(302);
      expect(redirectQuery(again.headers.location, GRADER).get('code')).toMatch(
        /^[A-Za-z0-9]{30}$/,
      );
    });

    it('refuses the confirmation POST without the XSRF token', async () => {
      const response = await hub
        .http()
        .post(authorizeUrl(GRADER))
        .set('Cookie', alice.cookie)
        .set('Content-Type', FORM)
        .send('scopes=identify');
      expect(response.status).toBe(403);
    });

    it('grants only the required scopes for an empty confirmation', async () => {
      const posted = await hub
        .http()
        .post(authorizeUrl(GRADER))
        .set('Cookie', alice.cookie)
        .set('Content-Type', FORM)
        .send(new URLSearchParams({ _xsrf: alice.xsrf }).toString());
      expect(posted.status).toBe(302);
      const code = redirectQuery(posted.headers.location, GRADER).get('code') as string;
      expect((await exchange(GRADER, code)).body.scope).toBe(
        'access:services!service=grader read:users:groups!user read:users:name!user',
      );
    });
  });
});
