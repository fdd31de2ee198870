import { HubFixture, startHub } from './fixtures/hub-fixture';
import { codeFor, registerServerClient, ServerClient, tokenForm } from './oauth2-helpers';

const REQUIRED = ['access:servers!server=alice/', 'read:users:groups!user', 'read:users:name!user'];
const FORM = 'application/x-www-form-urlencoded';

describe('the OAuth token endpoint: POST /hub/api/oauth2/token', () => {
  let hub: HubFixture;
  let client: ServerClient;

  const post = (body: string, type = FORM) =>
    hub.http().post('/hub/api/oauth2/token').set('Content-Type', type).send(body);

  beforeAll(async () => {
    hub = await startHub();
    client = await registerServerClient(hub, 'alice');
  });

  afterAll(() => hub.close());

  it('answers with a bearer token in oauthlib’s shape and headers', async () => {
    const response = await post(tokenForm(client, await codeFor(hub, client, 'alice', REQUIRED)));
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['pragma']).toBe('no-cache');
    expect(Object.keys(response.body)).toEqual([
      'access_token',
      'expires_in',
      'token_type',
      'scope',
    ]);
    expect(response.body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9]{30}$/),
      expires_in: 1209600,
      token_type: 'Bearer',
      scope: REQUIRED.join(' '),
    });
  });

  it('issues a token that identifies the user with its session and scopes', async () => {
    const code = await codeFor(hub, client, 'alice', REQUIRED, null, 'browser-session-7');
    const { access_token: token } = (await post(tokenForm(client, code))).body as {
      access_token: string;
    };
    const whoami = await hub.http().get('/hub/api/user').set('Authorization', `Bearer ${token}`);
    expect(whoami.status).toBe(200);
    expect(whoami.body).toMatchObject({
      kind: 'user',
      name: 'alice',
      session_id: 'browser-session-7',
      scopes: [
        'access:servers!server=alice/',
        'read:users:groups!user=alice',
        'read:users:name!user=alice',
      ],
    });
    expect(whoami.body.token_id).toMatch(/^a\d+$/);
  });

  it('refuses a wrong client secret with 401 invalid_client and a Bearer challenge', async () => {
    const code = await codeFor(hub, client, 'alice', REQUIRED);
    const response = await post(tokenForm(client, code, { client_secret: 'not-the-secret' }));
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'invalid_client' });
    expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_client"');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('refuses a code a second time', async () => {
    const code = await codeFor(hub, client, 'alice', REQUIRED);
    expect((await post(tokenForm(client, code))).status).toBe(200);
    const again = await post(tokenForm(client, code));
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'invalid_grant' });
  });

  it('refuses another redirect_uri than the registered one', async () => {
    const code = await codeFor(hub, client, 'alice', REQUIRED);
    const response = await post(
      tokenForm(client, code, { redirect_uri: '/user/bob/oauth_callback' }),
    );
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      error: 'invalid_request',
      error_description: 'Mismatching redirect URI.',
    });
  });

  it('reads only form bodies, as oauthlib does', async () => {
    const code = await codeFor(hub, client, 'alice', REQUIRED);
    const json = JSON.stringify(Object.fromEntries(new URLSearchParams(tokenForm(client, code))));
    const response = await post(json, 'application/json');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'unsupported_grant_type' });
  });
});
