import { DEVICE_GRANT_TYPE, REMOTE_CLIENT_ID } from '@orrery/oauth';
import { loginAs } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';

const FORM = 'application/x-www-form-urlencoded';

/** `/hub/device`: the page where a logged-in person confirms the remote agent's device code. */
describe('the device login page /hub/device', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub()));
  afterAll(() => hub.close());

  const newCodes = async () =>
    (
      await hub
        .http()
        .post('/hub/api/oauth2/device_authorization')
        .set('Content-Type', FORM)
        .send(`client_id=${REMOTE_CLIENT_ID}`)
        .expect(200)
    ).body as { device_code: string; user_code: string; verification_uri_complete: string };

  const poll = (deviceCode: string) =>
    hub
      .http()
      .post('/hub/api/oauth2/token')
      .set('Content-Type', FORM)
      .send(
        new URLSearchParams({
          grant_type: DEVICE_GRANT_TYPE,
          client_id: REMOTE_CLIENT_ID,
          device_code: deviceCode,
        }).toString(),
      );

  const browserOf = async (name: string) => {
    const session = await loginAs(hub, name);
    const headers = { Cookie: session.cookie, 'Sec-Fetch-Mode': 'navigate' };
    return {
      get: (path: string) => hub.http().get(path).set(headers),
      post: (form: Record<string, string>, xsrf = session.xsrf) =>
        hub
          .http()
          .post('/hub/device')
          .set(headers)
          .type('form')
          .send(xsrf ? { ...form, _xsrf: xsrf } : form),
    };
  };

  it('sends a logged-out browser to the login page', async () => {
    const response = await hub.http().get('/hub/device').set('Sec-Fetch-Mode', 'navigate');
    expect(response.status).toBe(302);
    expect(response.headers.location).toMatch(/^\/hub\/login\?next=/);
  });

  it('shows which client asks for which scopes, with the approve and deny form', async () => {
    const { user_code, verification_uri_complete } = await newCodes();
    const alice = await browserOf('alice');
    const page = await alice
      .get(new URL(verification_uri_complete).pathname + `?user_code=${user_code.toLowerCase()}`)
      .expect(200);
    expect(page.text).toContain(`<code>${user_code}</code>`);
    expect(page.text).toContain(`client <code>${REMOTE_CLIENT_ID}</code>`);
    expect(page.text).toContain('run your remote servers');
    expect(page.text).toMatch(/<form method="post" action="\/hub\/device">/);
    expect(page.text).toContain('name="_xsrf"');
  });

  it('asks for the code when none is given, and says so for an unknown one', async () => {
    const alice = await browserOf('alice');
    expect((await alice.get('/hub/device').expect(200)).text).toContain('name="user_code"');
    const unknown = await alice.get('/hub/device?user_code=BBBB-CCCC').expect(400);
    expect(unknown.text).toContain('That code is unknown, used or expired.');
  });

  it('refuses a script fetch of the page, which carries the XSRF token', async () => {
    const session = await loginAs(hub, 'alice');
    const response = await hub
      .http()
      .get('/hub/device')
      .set({
        ...session.fetchHeaders(),
        'Sec-Fetch-Dest': 'empty',
        'Sec-Fetch-Site': 'same-origin',
      });
    expect(response.status).toBe(403);
  });

  it('refuses a confirmation without the XSRF token', async () => {
    const { device_code, user_code } = await newCodes();
    const alice = await browserOf('alice');
    const response = await alice.post({ user_code, decision: 'approve' }, '');
    expect(response.status).toBe(403);
    expect((await poll(device_code)).body).toEqual({ error: 'authorization_pending' });
  });

  it('approving gives the agent a token of the approving user, once', async () => {
    const { device_code, user_code } = await newCodes();
    const alice = await browserOf('alice');
    const approved = await alice.post({ user_code, decision: 'approve' }).expect(200);
    expect(approved.text).toContain('Device connected.');
    const again = await alice.post({ user_code, decision: 'approve' });
    expect(again.status).toBe(400);
    const token = ((await poll(device_code)).body as { access_token: string }).access_token;
    const whoami = await hub.http().get('/hub/api/user').set(hub.auth(token)).expect(200);
    expect(whoami.body).toMatchObject({ name: 'alice' });
  });

  it('denying gives the agent access_denied', async () => {
    const { device_code, user_code } = await newCodes();
    const bob = await browserOf('bob');
    expect((await bob.post({ user_code, decision: 'deny' }).expect(200)).text).toContain(
      'Device login denied.',
    );
    expect((await poll(device_code)).body).toEqual({ error: 'access_denied' });
  });
});
