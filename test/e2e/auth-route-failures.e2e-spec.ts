import { FakeClock } from '@orrery/core';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { publicOrigin, postViaProxy, signLaunch } from './fixtures/lti11-launch';
import { captureWarnings } from './fixtures/login-checks';
import { freePort } from '../contracts/proxy/peers';

/** Nothing listens there: a failure must be found before any provider is asked. */
const NOWHERE = 'http://127.0.0.1:9';
const clock = new FakeClock();
let nonce = 0;
const THROTTLE = { login_throttle_free_failures: 2, login_throttle_delay: 1 };

interface RouteCase {
  authenticator: string;
  config: Record<string, Record<string, unknown>>;
  /** a sign-in the route refuses: the browser's request, without a name to go on */
  forged: (hub: HubFixture, address: string) => Promise<{ status: number; text: string }>;
  status: number;
  reason: string;
}

const get = (path: string) => (hub: HubFixture, address: string) =>
  hub.http().get(path).set('X-Forwarded-For', address);
const post = (path: string, form: Record<string, string>) => (hub: HubFixture, address: string) =>
  hub.http().post(path).set('X-Forwarded-For', address).type('form').send(form);

const CASES: RouteCase[] = [
  {
    authenticator: 'oauth2',
    config: {
      GenericOAuthenticator: {
        client_id: 'c',
        client_secret: 's',
        authorize_url: `${NOWHERE}/authorize`,
        token_url: `${NOWHERE}/token`,
        userdata_url: `${NOWHERE}/user`,
        oauth_callback_url: 'http://127.0.0.1:8000/hub/oauth_callback',
      },
    },
    forged: get('/hub/oauth_callback?code=c0de&state=forged'),
    status: 400,
    reason: 'OAuth state cookie missing or tampered with',
  },
  {
    authenticator: 'github',
    config: {
      GitHubOAuthenticator: {
        client_id: 'c',
        client_secret: 's',
        github_url: NOWHERE,
        oauth_callback_url: 'http://127.0.0.1:8000/hub/oauth_callback',
      },
    },
    forged: get('/hub/oauth_callback?code=c0de&state=forged'),
    status: 400,
    reason: 'OAuth state cookie missing or tampered with',
  },
  {
    authenticator: 'lti11',
    config: { LTI11Authenticator: { consumers: { 'lms-key': 'lms-secret' } } },
    // a launch of the right shape whose signature is not the consumer's
    forged: (hub, address) =>
      post('/hub/lti/launch', {
        oauth_consumer_key: 'lms-key',
        oauth_signature_method: 'HMAC-SHA1',
        oauth_timestamp: String(Math.floor(clock.now().getTime() / 1000)),
        oauth_nonce: `n-${(nonce += 1)}`,
        oauth_version: '1.0',
        oauth_signature: 'Zm9yZ2Vk',
        lti_message_type: 'basic-lti-launch-request',
        lti_version: 'LTI-1p0',
        resource_link_id: 'link-1',
        user_id: 'someone',
      })(hub, address),
    status: 401,
    reason: 'oauth_signature mismatch',
  },
  {
    authenticator: 'lti13',
    config: {
      LTI13Authenticator: {
        issuer: 'https://lms.example.edu',
        client_id: 'tool',
        authorize_url: `${NOWHERE}/auth`,
        jwks_endpoint: `${NOWHERE}/jwks`,
        deployment_ids: ['1'],
      },
    },
    forged: post('/hub/lti13/oauth_callback', { id_token: 'forged.id.token', state: 'forged' }),
    status: 400,
    reason: 'state does not match a state cookie',
  },
];

describe.each(CASES)(
  'failed sign-ins through the $authenticator routes',
  ({ authenticator, config, forged, status, reason }) => {
    let hub: HubFixture;
    const warned = captureWarnings();
    beforeAll(
      async () =>
        (hub = await startHub(
          {
            ...config,
            JupyterHub: { authenticator_class: authenticator },
            Authenticator: { ...THROTTLE, admin_users: ['root'] },
          },
          clock,
        )),
    );
    afterAll(() => hub.close());
    afterEach(() => clock.advance(60 * 60_000));

    it('logs a refused sign-in in the login-failure line with the client address', async () => {
      const refused = await forged(hub, '203.0.113.1');
      expect(refused.status).toBe(status);
      warned(`login failed user="" ip=203.0.113.1 reason="${reason}`);
    });

    it('counts refused sign-ins toward the client address throttle, not others', async () => {
      for (let i = 0; i < 3; i++) expect((await forged(hub, '203.0.113.2')).status).toBe(status);
      const shut = await forged(hub, '203.0.113.2');
      expect(shut.status).toBe(429);
      expect(shut.text).toContain('Too many failed sign-ins');
      warned('login failed user="" ip=203.0.113.2 reason="throttled"');
      expect((await forged(hub, '203.0.113.3')).status).toBe(status);
      clock.advance(1000);
      expect((await forged(hub, '203.0.113.2')).status).toBe(status);
    });
  },
);

describe('an lti11 launch of a name the hub does not allow', () => {
  const consumer = { key: 'moodle-key', secret: 'moodle-secret' };
  let hub: HubFixture;
  const warned = captureWarnings();
  beforeAll(async () => {
    const port = await freePort();
    hub = await startHub({
      JupyterHub: { authenticator_class: 'lti11', hub_bind_url: `http://127.0.0.1:${port}` },
      Authenticator: { ...THROTTLE, blocked_users: ['blocked-1'] },
      LTI11Authenticator: { consumers: { [consumer.key]: consumer.secret } },
    });
    await hub.app.listen(port, '127.0.0.1');
  });
  afterAll(() => hub.close());

  it('logs the name and the browser address the proxy saw, and throttles that address', async () => {
    const launch = () =>
      signLaunch(`${publicOrigin(hub)}/hub/lti/launch`, consumer, 'moodle', {
        set: { user_id: 'blocked-1' },
      }).body;
    // from another loopback address than the proxy's own: the hub must see the browser's
    const fromBrowser = { localAddress: '127.0.0.2' };
    for (let i = 0; i < 3; i++) {
      const refused = await postViaProxy(hub, '/hub/lti/launch', launch(), {}, fromBrowser);
      expect(refused.status).toBe(403);
    }
    warned('login failed user="blocked-1" ip=127.0.0.2 reason="blocked-1 is in blocked_users"');
    const shut = await postViaProxy(hub, '/hub/lti/launch', launch(), {}, fromBrowser);
    expect(shut.status).toBe(429);
    const other = await postViaProxy(
      hub,
      '/hub/lti/launch',
      launch(),
      {},
      { localAddress: '127.0.0.3' },
    );
    expect(other.status).toBe(403);
  });
});
