import { FakeClock } from '@orrery/core';
import { JWTPayload } from 'jose';
import {
  CLAIM,
  CLIENT_ID,
  DEPLOYMENT,
  ISSUER,
  launchClaims,
  lti13Request,
  sign,
  testKey,
  TestKey,
} from '../../../../test/fixtures/lti13/lti13-tokens';
import type { LoginStep } from '../authenticator';
import { completeLaunch, LaunchDeps, LaunchSettings } from './lti13-launch';
import { initiateLogin, InitiationSettings } from './lti13-login-initiation';
import { PlatformKeySet } from './platform-key-set';
import { UsedNonces } from './used-nonces';

const INITIATION: InitiationSettings = {
  issuer: ISSUER,
  clientIds: [CLIENT_ID],
  deploymentIds: [DEPLOYMENT],
  authorizeUrl: 'https://lms.example.org/auth?platform=1',
  uriScheme: 'auto',
  stateMaxAgeSeconds: 600,
};

const SETTINGS: LaunchSettings = {
  issuer: ISSUER,
  clientIds: [CLIENT_ID],
  algorithms: ['RS256'],
  leewaySeconds: 0,
  maxAgeSeconds: 600,
  deploymentIds: [DEPLOYMENT],
  usernameKey: 'email',
};

const INIT_PARAMS = {
  iss: ISSUER,
  login_hint: 'hint-1',
  target_link_uri: 'https://hub.example.org/hub/',
  lti_message_hint: 'message-1',
  client_id: CLIENT_ID,
  lti_deployment_id: DEPLOYMENT,
};

describe('LTI 1.3 launch', () => {
  let platformKey: TestKey;
  let otherKey: TestKey;
  let clock: FakeClock;
  let deps: LaunchDeps;
  let warnings: string[];

  beforeAll(async () => {
    [platformKey, otherKey] = await Promise.all([testKey('platform'), testKey('other')]);
  });

  beforeEach(() => {
    clock = new FakeClock('2026-05-01T10:00:00Z');
    warnings = [];
    deps = {
      keys: new PlatformKeySet(async () => ({ keys: [platformKey.jwk] }), clock, {
        maxAgeMs: 600_000,
        cooldownMs: 1_000,
      }),
      usedNonces: new UsedNonces(clock),
      now: () => clock.now(),
      warn: (message) => warnings.push(message),
    };
  });

  /** Runs the login initiation; answers the redirect's query and the state cookie. */
  function initiate(params: Record<string, string> = INIT_PARAMS) {
    const step = initiateLogin(lti13Request('oauth_login', { form: params }), INITIATION);
    if (step.kind !== 'redirect') throw new Error(`expected a redirect: ${JSON.stringify(step)}`);
    const cookie = step.cookies?.[0];
    if (!cookie?.value) throw new Error('no state cookie');
    return { url: new URL(step.url), cookies: { [cookie.name]: cookie.value } };
  }

  async function launch(
    change: (claims: JWTPayload) => JWTPayload = (claims) => claims,
    options: { key?: TestKey; state?: string; cookies?: Record<string, string> } = {},
  ): Promise<LoginStep> {
    const started = initiate();
    const nonce = started.url.searchParams.get('nonce') as string;
    const idToken = await sign(
      change(launchClaims(clock.now(), nonce)),
      options.key ?? platformKey,
    );
    const state = options.state ?? (started.url.searchParams.get('state') as string);
    return completeLaunch(
      lti13Request('oauth_callback', {
        form: { id_token: idToken, state },
        cookies: options.cookies ?? started.cookies,
      }),
      SETTINGS,
      deps,
    );
  }

  describe('login initiation', () => {
    it('sends the browser to the authorize URL with the OIDC parameters', () => {
      const { url, cookies } = initiate();
      expect(url.origin + url.pathname).toBe('https://lms.example.org/auth');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        platform: '1',
        response_type: 'id_token',
        response_mode: 'form_post',
        scope: 'openid',
        prompt: 'none',
        client_id: CLIENT_ID,
        redirect_uri: 'https://hub.example.org/hub/lti13/oauth_callback',
        login_hint: 'hint-1',
        lti_message_hint: 'message-1',
        state: expect.stringMatching(/^[\w-]{43}$/),
        nonce: expect.stringMatching(/^[\w-]{43}$/),
      });
      const state = url.searchParams.get('state');
      expect(Object.keys(cookies)).toEqual([`lti13-state-${state}`]);
    });

    it('answers GET as POST', () => {
      const step = initiateLogin(lti13Request('oauth_login', { query: INIT_PARAMS }), INITIATION);
      expect(step.kind).toBe('redirect');
    });

    it('uses the only client id when the platform sends none', () => {
      const { client_id: _omitted, ...params } = INIT_PARAMS;
      expect(initiate(params).url.searchParams.get('client_id')).toBe(CLIENT_ID);
    });

    it.each([
      ['without login_hint', { login_hint: '' }, 400, /without login_hint/],
      ['from an unknown issuer', { iss: 'https://evil.example' }, 400, /unknown issuer/],
      ['with an unknown client id', { client_id: 'other' }, 400, /unknown client_id/],
      ['from a deployment not allowed', { lti_deployment_id: 'd-9' }, 403, /deployment "d-9"/],
    ])('refuses a login initiation %s', (_name, change, status, reason) => {
      const step = initiateLogin(
        lti13Request('oauth_login', { form: { ...INIT_PARAMS, ...change } }),
        INITIATION,
      );
      expect(step).toMatchObject({ kind: 'refuse', status, reason: expect.stringMatching(reason) });
    });

    it.each([
      ['a next parameter', { next: '/hub/spawn' }, '/hub/spawn'],
      [
        'a next inside target_link_uri',
        {
          target_link_uri:
            'https://hub.example.org/hub/?next=%2Fuser-redirect%2Fgit-pull%3Frepo%3Dx',
        },
        '/user-redirect/git-pull?repo=x',
      ],
      [
        'a target below the hub',
        { target_link_uri: 'https://hub.example.org/hub/spawn?x=1' },
        '/hub/spawn?x=1',
      ],
      ['the hub itself', { target_link_uri: 'https://hub.example.org/hub' }, null],
    ])('keeps the deep link of %s', async (_name, change, next) => {
      const started = initiate({ ...INIT_PARAMS, ...change });
      expect(JSON.parse(Object.values(started.cookies)[0]).next).toBe(next);
    });
  });

  it('logs in a learner with the course, groups, identity and the deep link', async () => {
    const step = await launch();
    expect(step).toMatchObject({
      kind: 'login',
      result: {
        name: 'Ada@example.org',
        course: { id: 'course-7', label: 'PHY101', title: 'Physics', roles: ['learner'] },
        groups: ['course-7:learner'],
        identity: `lti13:${ISSUER}:user-17`,
        authState: expect.objectContaining({ sub: 'user-17' }),
      },
      next: null,
    });
    expect(step.kind === 'login' && step.cookies?.[0]).toMatchObject({ value: null });
  });

  it('names the platform (issuer and deployment) and the course claims by LTI 1.1 names', async () => {
    const step = await launch();
    expect(step).toMatchObject({
      result: {
        course: {
          platform: `lti13:${ISSUER}:${DEPLOYMENT}`,
          claims: { context_id: 'course-7', context_label: 'PHY101', context_title: 'Physics' },
        },
      },
    });
  });

  it('maps an instructor who is also a TA sub-role', async () => {
    const step = await launch((claims) => ({
      ...claims,
      [CLAIM.roles]: [
        'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor',
        'http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant',
      ],
    }));
    expect(step).toMatchObject({ result: { course: { roles: ['instructor', 'ta'] } } });
  });

  it('takes the signed custom next over the initiation deep link', async () => {
    const step = await launch((claims) => ({ ...claims, [CLAIM.custom]: { next: '/hub/home' } }));
    expect(step).toMatchObject({ kind: 'login', next: '/hub/home' });
  });

  it('falls back to sub, with a warning, when username_key is missing', async () => {
    const step = await launch(({ email: _email, ...claims }) => claims);
    expect(step).toMatchObject({ result: { name: 'user-17' } });
    expect(warnings).toEqual(['id_token has no email; the username is its sub']);
  });

  it('reads custom_<name> from the custom claim', async () => {
    const step = await launch((claims) => ({ ...claims, [CLAIM.custom]: { uname: 'ada' } }));
    const custom = await completeLaunchWith({ ...SETTINGS, usernameKey: 'custom_uname' }, step);
    expect(custom).toBe('ada');
  });

  /** The name the same launch gives under other settings (the nonce is used already). */
  async function completeLaunchWith(settings: LaunchSettings, _first: LoginStep) {
    const started = initiate();
    const nonce = started.url.searchParams.get('nonce') as string;
    const claims = { ...launchClaims(clock.now(), nonce), [CLAIM.custom]: { uname: 'ada' } };
    const step = await completeLaunch(
      lti13Request('oauth_callback', {
        form: {
          id_token: await sign(claims, platformKey),
          state: started.url.searchParams.get('state') as string,
        },
        cookies: started.cookies,
      }),
      settings,
      deps,
    );
    return step.kind === 'login' ? step.result.name : null;
  }

  const hour = 3600;
  it.each<[string, (claims: JWTPayload) => JWTPayload, number, RegExp]>([
    ['signed for another client', (c) => ({ ...c, aud: 'someone-else' }), 401, /aud check failed/],
    [
      'from another issuer',
      (c) => ({ ...c, iss: 'https://evil.example' }),
      401,
      /iss check failed/,
    ],
    [
      'expired',
      (c) => ({ ...c, iat: (c.iat as number) - hour, exp: (c.exp as number) - hour }),
      401,
      /expired/,
    ],
    [
      'issued too long ago',
      (c) => ({ ...c, iat: (c.iat as number) - hour }),
      401,
      /older than max_age/,
    ],
    [
      'of a deployment not allowed',
      (c) => ({ ...c, [CLAIM.deploymentId]: 'd-9' }),
      403,
      /deployment_id "d-9"/,
    ],
    [
      'a deep linking request',
      (c) => ({ ...c, [CLAIM.messageType]: 'LtiDeepLinkingRequest' }),
      400,
      /message_type/,
    ],
    ['of LTI 1.1 version', (c) => ({ ...c, [CLAIM.version]: '1.1' }), 400, /version/],
    ['without resource link', (c) => ({ ...c, [CLAIM.resourceLink]: {} }), 400, /resource_link/],
    ['for several audiences without azp', (c) => ({ ...c, aud: [CLIENT_ID, 'x'] }), 401, /azp/],
    ['with another nonce', (c) => ({ ...c, nonce: 'other' }), 400, /nonce is not/],
    ['without sub or email', ({ sub: _s, email: _e, ...c }) => c, 400, /no email and no sub/],
  ])('refuses a launch %s', async (_name, change, status, reason) => {
    const step = await launch(change);
    expect(step).toMatchObject({ kind: 'refuse', status, reason: expect.stringMatching(reason) });
  });

  it('accepts several audiences when azp names this tool', async () => {
    const step = await launch((c) => ({ ...c, aud: [CLIENT_ID, 'x'], azp: CLIENT_ID }));
    expect(step.kind).toBe('login');
  });

  it('refuses an id_token signed with another key', async () => {
    const step = await launch(undefined, { key: { ...otherKey, kid: 'platform' } });
    expect(step).toMatchObject({ status: 401, reason: 'id_token signature does not verify' });
  });

  it('refuses a state this browser did not start', async () => {
    const step = await launch(undefined, { state: 'A'.repeat(43) });
    expect(step).toMatchObject({
      status: 400,
      reason: expect.stringMatching(/state does not match/),
    });
  });

  it('refuses a launch whose state cookie is gone (blocked third-party cookies)', async () => {
    const step = await launch(undefined, { cookies: {} });
    expect(step).toMatchObject({ status: 400, message: expect.stringMatching(/new tab/) });
  });

  it('refuses the same launch posted twice', async () => {
    const started = initiate();
    const nonce = started.url.searchParams.get('nonce') as string;
    const form = {
      id_token: await sign(launchClaims(clock.now(), nonce), platformKey),
      state: started.url.searchParams.get('state') as string,
    };
    const post = () =>
      completeLaunch(
        lti13Request('oauth_callback', { form, cookies: started.cookies }),
        SETTINGS,
        deps,
      );
    expect((await post()).kind).toBe('login');
    expect(await post()).toMatchObject({ status: 400, reason: 'id_token nonce replayed' });
  });

  it('refuses a launch by GET', async () => {
    const step = await completeLaunch(lti13Request('oauth_callback'), SETTINGS, deps);
    expect(step).toMatchObject({ kind: 'refuse', status: 405 });
  });

  it('answers 502 when the platform keys cannot be fetched', async () => {
    deps.keys = new PlatformKeySet(async () => Promise.reject(new Error('ECONNREFUSED')), clock, {
      maxAgeMs: 1,
      cooldownMs: 1,
    });
    const step = await launch();
    expect(step).toMatchObject({
      status: 502,
      reason: expect.stringMatching(/JWKS unavailable.*ECONNREFUSED/),
    });
  });
});
