import { FakeClock, UserEntity } from '@orrery/core';
import { DEVICE_GRANT_TYPE, OAuthDeviceService, REMOTE_CLIENT_ID } from '@orrery/oauth';
import { HubFixture, startHub } from './fixtures/hub-fixture';

const FORM = 'application/x-www-form-urlencoded';

describe('device login: POST /hub/api/oauth2/device_authorization and the device_code grant', () => {
  let hub: HubFixture;
  let clock: FakeClock;

  const post = (path: string, fields: Record<string, string>) =>
    hub
      .http()
      .post(`/hub/api/oauth2/${path}`)
      .set('Content-Type', FORM)
      .set('Host', 'hub.example.org')
      .send(new URLSearchParams(fields).toString());

  const newCodes = async () =>
    (await post('device_authorization', { client_id: REMOTE_CLIENT_ID })).body as {
      device_code: string;
      user_code: string;
    };

  const poll = (deviceCode: string) =>
    post('token', {
      grant_type: DEVICE_GRANT_TYPE,
      client_id: REMOTE_CLIENT_ID,
      device_code: deviceCode,
    });

  const decide = async (userCode: string, approve: boolean) => {
    await hub.userToken('alice');
    const alice = await hub.dataSource.getRepository(UserEntity).findOneByOrFail({ name: 'alice' });
    return hub.app.get(OAuthDeviceService).decide(userCode, alice.id, approve);
  };

  beforeAll(async () => {
    clock = new FakeClock(new Date());
    hub = await startHub({}, clock);
  });

  afterAll(() => hub.close());

  it('answers the codes and the verification page of the host the agent reached', async () => {
    const response = await post('device_authorization', { client_id: REMOTE_CLIENT_ID });
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.body).toEqual({
      device_code: expect.stringMatching(/^[A-Za-z0-9]{40}$/),
      user_code: expect.stringMatching(/^[B-Z]{4}-[B-Z]{4}$/),
      verification_uri: 'http://hub.example.org/hub/device',
      verification_uri_complete: expect.stringMatching(
        /^http:\/\/hub\.example\.org\/hub\/device\?user_code=[B-Z]{4}-[B-Z]{4}$/,
      ),
      expires_in: 600,
      interval: 5,
    });
  });

  it('answers an unknown client with an OAuth error body', async () => {
    const response = await post('device_authorization', { client_id: 'jupyterhub-user-alice' });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: 'invalid_client' });
    expect(response.headers['www-authenticate']).toBe('Bearer error="invalid_client"');
  });

  it('answers a requested scope with invalid_scope', async () => {
    const response = await post('device_authorization', {
      client_id: REMOTE_CLIENT_ID,
      scope: 'admin:users',
    });
    expect([response.status, response.body]).toEqual([400, { error: 'invalid_scope' }]);
  });

  it('answers authorization_pending, then slow_down to a client polling too fast', async () => {
    const { device_code } = await newCodes();
    expect((await poll(device_code)).body).toEqual({ error: 'authorization_pending' });
    expect((await poll(device_code)).body).toEqual({ error: 'slow_down' });
  });

  it('issues, once approved, a token that identifies the user and can do nothing else', async () => {
    const { device_code, user_code } = await newCodes();
    expect(await decide(user_code, true)).toBe(true);
    const response = await poll(device_code);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9]{30}$/),
      expires_in: 86400,
      token_type: 'Bearer',
      scope: '',
    });
    const token = (response.body as { access_token: string }).access_token;
    const whoami = await hub.http().get('/hub/api/user').set(hub.auth(token));
    expect(whoami.status).toBe(200);
    expect(whoami.body).toMatchObject({ name: 'alice' });
    const users = await hub.http().get('/hub/api/users').set(hub.auth(token));
    expect(users.status).toBe(403);
    const servers = await hub.http().post('/hub/api/users/alice/server').set(hub.auth(token));
    expect(servers.status).toBe(403);
    // the code is spent
    expect((await poll(device_code)).body).toEqual({ error: 'invalid_grant' });
  });

  it('answers access_denied once the user denies', async () => {
    const { device_code, user_code } = await newCodes();
    expect(await decide(user_code, false)).toBe(true);
    const denied = await poll(device_code);
    expect([denied.status, denied.body]).toEqual([400, { error: 'access_denied' }]);
    expect((await poll(device_code)).body).toEqual({ error: 'invalid_grant' });
  });

  it('answers expired_token after ten minutes', async () => {
    const { device_code } = await newCodes();
    clock.advance(601_000);
    const response = await poll(device_code);
    expect([response.status, response.body]).toEqual([400, { error: 'expired_token' }]);
  });
});
