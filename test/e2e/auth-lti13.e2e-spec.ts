import { HubProxyService } from '@orrery/runtime';
import { Clock, rawQuery } from '@orrery/core';
import * as fs from 'node:fs';
import { FormBrowser, Visit } from '../fixtures/lti13/form-browser';
import { Lti13Platform, PlatformLaunch, PlatformUser } from '../fixtures/lti13/lti13-platform';
import { CLAIM } from '../fixtures/lti13/lti13-tokens';
import { freePort } from '../contracts/proxy/peers';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { captureWarnings, userRow } from './fixtures/login-checks';
import { killServers, spawnConfig, tempHome, viaProxy } from './servers-helpers';

const V2 = 'http://purl.imsglobal.org/vocab/lis/v2';
const LEARNER = `${V2}/membership#Learner`;
const INSTRUCTOR = `${V2}/membership#Instructor`;
const TA = `${V2}/membership/Instructor#TeachingAssistant`;
const COURSE = { id: 'course-7', label: 'PHY101', title: 'Physics' };

/** Real time plus an offset a test can move, shared by the hub and the platform. */
class ShiftedClock extends Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

const user = (name: string, roles: string[] = [LEARNER]): PlatformUser => ({
  sub: `sub-${name}`,
  email: `${name}@example.org`,
  given_name: name,
  roles,
});

describe('the lti13 authenticator with a local LTI 1.3 platform, through the proxy', () => {
  const clock = new ShiftedClock();
  let hub: HubFixture;
  let home: string;
  let platform: Lti13Platform;
  let publicOrigin: string;

  beforeAll(async () => {
    home = tempHome();
    const hubPort = await freePort();
    const publicPort = await freePort();
    publicOrigin = `http://127.0.0.1:${publicPort}`;
    platform = await Lti13Platform.start(
      {
        loginUrl: `${publicOrigin}/hub/lti13/oauth_login`,
        redirectUri: `${publicOrigin}/hub/lti13/oauth_callback`,
      },
      () => clock.now(),
    );
    hub = await startHub(
      {
        ...spawnConfig(home),
        JupyterHub: {
          authenticator_class: 'ltiauthenticator.lti13.auth.LTI13Authenticator',
          bind_url: publicOrigin,
          hub_bind_url: `http://127.0.0.1:${hubPort}`,
        },
        Authenticator: {
          admin_users: ['root@example.org'],
          allowed_users: ['ada', 'ben', 'tia', 'eve2', 'zed'].map((name) => `${name}@example.org`),
          blocked_users: ['mallory@example.org'],
          manage_groups: true,
        },
        LTI13Authenticator: {
          issuer: platform.issuer,
          client_id: platform.clientId,
          authorize_url: platform.authorizeUrl,
          jwks_endpoint: platform.jwksUrl,
          deployment_ids: [platform.deploymentId],
        },
      },
      clock,
    );
    await hub.app.listen(hubPort, '127.0.0.1');
    expect(hub.app.get(HubProxyService).publicPort).toBe(publicPort);
  });

  afterAll(async () => {
    if (hub) {
      await killServers(hub);
      await hub.close();
    }
    await platform?.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  const logged = captureWarnings();

  /** A browser clicking the tool's link in the course; stops before leaving the hub. */
  function launch(launchSpec: PlatformLaunch, browser = new FormBrowser()): Promise<Visit> {
    const leavesHub = (url: URL) => url.pathname.startsWith('/user/');
    return browser.open(platform.launchPage(launchSpec), leavesHub);
  }

  async function userCount(): Promise<number> {
    const rows = await rawQuery<{ n: unknown }>(hub.dataSource, 'SELECT COUNT(*) AS n FROM users');
    return Number(rows[0].n);
  }

  /** Runs a launch that must be refused: its page, and not one user more afterwards. */
  async function refusedWithoutUser(run: () => Promise<Visit>, status: number, message: RegExp) {
    const before = await userCount();
    const visit = await run();
    expect(visit.status).toBe(status);
    expect(visit.body).toMatch(message);
    expect(await userCount()).toBe(before);
    return visit;
  }

  it('launches a learner into a running server, with the course, group and identity', async () => {
    const visit = await launch({ user: user('ada'), context: COURSE });
    expect(visit.url.pathname).toBe('/user/ada@example.org/');
    expect(visit.trail[1]).toBe(`${publicOrigin}/hub/lti13/oauth_login`);
    expect(visit.trail).toContain(`${publicOrigin}/hub/lti13/oauth_callback`);
    const answer = await viaProxy(hub, '/user/ada@example.org/api');
    expect(answer.status).toBe(200);

    const request = platform.authorizeRequests.at(-1) ?? {};
    expect(request).toMatchObject({
      client_id: platform.clientId,
      redirect_uri: `${publicOrigin}/hub/lti13/oauth_callback`,
      response_mode: 'form_post',
    });
    const model = await hub
      .http()
      .get('/hub/api/users/ada@example.org')
      .set(hub.auth(hub.tokens.adminService))
      .expect(200);
    expect(model.body.admin).toBe(false);
    expect(model.body.groups).toEqual(['course-7:learner']);
    const row = await userRow(hub, 'ada@example.org');
    expect(row?.info.identity).toBe(`lti13:${platform.issuer}:sub-ada`);
    expect(row?.info.courses).toEqual([
      expect.objectContaining({ id: 'course-7', roles: ['learner'] }),
    ]);
  });

  it('maps an instructor who is also a TA, and follows the signed deep link', async () => {
    const visit = await launch({
      user: user('ben', [INSTRUCTOR, TA]),
      context: COURSE,
      custom: { next: '/hub/token' },
    });
    expect(visit.status).toBe(200);
    expect(visit.url.pathname).toBe('/hub/token');
    const model = await hub
      .http()
      .get('/hub/api/users/ben@example.org')
      .set(hub.auth(hub.tokens.adminService))
      .expect(200);
    expect([...model.body.groups].sort()).toEqual(['course-7:instructor', 'course-7:ta']);
  });

  it('follows a next inside the target_link_uri of the login initiation', async () => {
    const visit = await launch({
      user: user('tia', [TA]),
      context: COURSE,
      targetLinkUri: `${publicOrigin}/hub/?next=${encodeURIComponent('/hub/token')}`,
    });
    expect(visit.url.pathname).toBe('/hub/token');
  });

  it('makes an admin_users member admin', async () => {
    await launch({
      user: user('root', [INSTRUCTOR]),
      context: COURSE,
      custom: { next: '/hub/token' },
    });
    expect((await userRow(hub, 'root@example.org'))?.admin).toBe(true);
  });

  it('refuses a user who is not allowed, without creating them', async () => {
    await refusedWithoutUser(
      () => launch({ user: user('eve'), context: COURSE }),
      403,
      /Sign-in failed/,
    );
    expect(await userRow(hub, 'eve@example.org')).toBeNull();
    logged('eve@example.org');
  });

  it('refuses a blocked user', async () => {
    await refusedWithoutUser(
      () => launch({ user: user('mallory'), context: COURSE }),
      403,
      /Sign-in failed/,
    );
    expect(await userRow(hub, 'mallory@example.org')).toBeNull();
    logged('mallory@example.org');
  });

  describe('bad launches: a clear page, the reason logged, no user', () => {
    const eve = () => user('eve2');

    it.each<[string, Partial<PlatformLaunch>, number, RegExp, string]>([
      [
        'signed with another key',
        { forgeSignature: true },
        401,
        /could not be verified/,
        'signature does not verify',
      ],
      [
        'for another tool (aud)',
        { claims: { aud: 'another-tool', azp: undefined } },
        401,
        /could not be verified/,
        'id_token aud check failed',
      ],
      [
        'from another issuer',
        { claims: { iss: 'https://evil.example' } },
        401,
        /could not be verified/,
        'id_token iss check failed',
      ],
      ['expired', { issuedAgo: 3600, lifetime: 300 }, 401, /expired/, 'id_token expired'],
      [
        'of an unknown deployment',
        { claims: { [CLAIM.deploymentId]: 'deployment-9' } },
        403,
        /deployment of the tool/,
        'deployment_id "deployment-9"',
      ],
      [
        'of another message type',
        { claims: { [CLAIM.messageType]: 'LtiDeepLinkingRequest' } },
        400,
        /does not take as a launch/,
        'message_type',
      ],
    ])('refuses a launch %s', async (_name, spoil, status, message, reason) => {
      await refusedWithoutUser(
        () => launch({ user: eve(), context: COURSE, ...spoil }),
        status,
        message,
      );
      expect((await userRow(hub, 'eve2@example.org'))?.info).toBeNull();
      logged(reason);
    });

    it('refuses a launch replayed with its cookies (nonce used once)', async () => {
      const browser = new FormBrowser();
      const callback = `${publicOrigin}/hub/lti13/oauth_callback`;
      // stop at the platform's form post, so its fields and the state cookie can be kept
      const atCallback = await browser.open(
        platform.launchPage({ user: user('zed'), context: COURSE }),
        (url) => url.href === callback,
      );
      const fields = Object.fromEntries(
        [...atCallback.body.matchAll(/name="([^"]*)" value="([^"]*)"/g)].map(([, n, v]) => [n, v]),
      );
      const saved = new Map(browser.cookies(publicOrigin));
      const first = await browser.post(callback, fields, (url) =>
        url.pathname.startsWith('/user/'),
      );
      expect(first.url.pathname).toBe('/user/zed@example.org/');

      const attacker = new FormBrowser();
      for (const [name, value] of saved) attacker.cookies(publicOrigin).set(name, value);
      const replay = await attacker.post(callback, fields);
      expect(replay.status).toBe(400);
      expect(replay.body).toMatch(/already used/);
      logged('id_token nonce replayed');
    });

    it('refuses a launch whose state is not the one this browser started', async () => {
      const browser = new FormBrowser();
      const callback = `${publicOrigin}/hub/lti13/oauth_callback`;
      const atCallback = await browser.open(
        platform.launchPage({ user: eve(), context: COURSE }),
        (url) => url.href === callback,
      );
      const idToken = /name="id_token" value="([^"]*)"/.exec(atCallback.body)?.[1] ?? '';
      await refusedWithoutUser(
        () => browser.post(callback, { id_token: idToken, state: 'A'.repeat(43) }),
        400,
        /does not match a sign-in started in this browser/,
      );
      logged('state does not match a state cookie');
    });

    it('takes a rotated platform key, fetching the JWKS again for its kid', async () => {
      await platform.rotateKey();
      clock.offsetMs += 2_000;
      const visit = await launch({
        user: user('tia', [TA]),
        context: COURSE,
        custom: { next: '/hub/token' },
      });
      expect(visit.url.pathname).toBe('/hub/token');
    });

    it('answers 502 when the platform JWKS is down for a key it does not know yet', async () => {
      await platform.rotateKey();
      platform.jwksDown = true;
      clock.offsetMs += 2_000;
      try {
        await refusedWithoutUser(
          () => launch({ user: eve(), context: COURSE }),
          502,
          /signing keys could not be fetched/,
        );
        logged('platform JWKS unavailable');
      } finally {
        platform.jwksDown = false;
      }
    });

    it('refuses a login initiation from an unknown platform', async () => {
      const browser = new FormBrowser();
      const visit = await browser.post(`${publicOrigin}/hub/lti13/oauth_login`, {
        iss: 'https://evil.example',
        login_hint: 'x',
        target_link_uri: `${publicOrigin}/hub/`,
      });
      expect(visit.status).toBe(400);
      expect(visit.body).toMatch(/not set up for the learning platform/);
      logged('unknown issuer');
    });
  });

  it('serves the tool config JSON and its key set', async () => {
    const config = await fetch(`${publicOrigin}/hub/lti13/config`).then((r) => r.json());
    expect(config).toMatchObject({
      oidc_initiation_url: `${publicOrigin}/hub/lti13/oauth_login`,
      target_link_uri: `${publicOrigin}/hub/`,
    });
    const jwks = await fetch(`${publicOrigin}/hub/lti13/jwks`).then((r) => r.json());
    expect(jwks).toEqual({ keys: [] });
  });
});
