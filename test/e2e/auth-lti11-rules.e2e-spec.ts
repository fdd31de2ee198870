import { Logger } from '@nestjs/common';
import { rawQuery } from '@orrery/core';
import { HubFixture } from './fixtures/hub-fixture';
import {
  listeningServerHub,
  LmsFixture,
  postViaProxy,
  publicOrigin,
  signLaunch,
  SignOptions,
} from './fixtures/lti11-launch';
import { spawnConfig } from './servers-helpers';

/** Cookies of a login: every page may set the anonymous `_xsrf` cookie, a refusal nothing else. */
function loginCookies(headers: Record<string, unknown>): string[] {
  const cookies = headers['set-cookie'];
  const all = Array.isArray(cookies) ? (cookies as string[]) : [];
  return all.filter((cookie) => !cookie.startsWith('_xsrf='));
}

const CONSUMERS = { 'canvas-key': 'canvas-secret', 'moodle-key': 'moodle-secret' };

async function userExists(hub: HubFixture, name: string): Promise<boolean> {
  const rows = await rawQuery<{ n: number }>(
    hub.dataSource,
    'SELECT COUNT(*) AS n FROM users WHERE name = ?',
    [name],
  );
  return Number(rows[0].n) > 0;
}

async function userCount(hub: HubFixture): Promise<number> {
  const rows = await rawQuery<{ n: number }>(hub.dataSource, 'SELECT COUNT(*) AS n FROM users', []);
  return Number(rows[0].n);
}

/** Signs `lms`'s launch for the hub's public launch URL and posts it through the proxy. */
async function launch(
  hub: HubFixture,
  lms: LmsFixture,
  options: SignOptions & { consumer?: { key: string; secret: string } } = {},
) {
  const consumer = options.consumer ?? { key: `${lms}-key`, secret: `${lms}-secret` };
  const form = signLaunch(`${publicOrigin(hub)}/hub/lti/launch`, consumer, lms, options);
  return postViaProxy(hub, '/hub/lti/launch', form.body);
}

describe('lti11 with allowed, blocked and admin users', () => {
  let hub: HubFixture;
  listeningServerHub(
    (home, hubBindUrl) => ({
      ...spawnConfig(home),
      JupyterHub: { authenticator_class: 'lti11', hub_bind_url: hubBindUrl },
      Authenticator: {
        admin_users: ['root', 'teacher-27'],
        allowed_users: ['1091'],
        blocked_users: ['blocked-1'],
      },
      LTI11Authenticator: { consumers: CONSUMERS },
    }),
    (started) => (hub = started),
  );

  it('lets an allowed user in, as a non-admin learner', async () => {
    const answer = await launch(hub, 'canvas');
    expect(answer.status).toBe(302);
    const model = await hub.http().get('/hub/api/users/1091').set(hub.auth(hub.tokens.admin));
    expect(model.body.admin).toBe(false);
  });

  it("keeps the hub pages out of other sites' frames when frame_ancestors is empty", async () => {
    const page = await hub.http().get('/hub/lti/launch').expect(405);
    expect(page.headers['content-security-policy']).toMatch(/^frame-ancestors 'none';/);
  });

  it('makes an admin_users name an admin (instructors are not admins by themselves)', async () => {
    expect((await launch(hub, 'moodle', { set: { user_id: 'teacher-27' } })).status).toBe(302);
    const model = await hub.http().get('/hub/api/users/teacher-27').set(hub.auth(hub.tokens.admin));
    expect(model.body.admin).toBe(true);
  });

  it.each([
    ['not in allowed_users', 'stranger-1'],
    ['in blocked_users', 'blocked-1'],
  ])('refuses a valid launch of a user %s, with a page and no user', async (_label, userId) => {
    const answer = await launch(hub, 'moodle', { set: { user_id: userId } });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('You are not allowed to use this hub');
    expect(await userExists(hub, userId)).toBe(false);
  });
});

describe('lti11 refusing bad launches', () => {
  let hub: HubFixture;
  let warnings: jest.SpyInstance;
  listeningServerHub(
    (home, hubBindUrl) => ({
      ...spawnConfig(home),
      JupyterHub: { authenticator_class: 'lti11', hub_bind_url: hubBindUrl },
      // every refusal here would count toward 127.0.0.1's delay (auth-route-failures tests it)
      Authenticator: { allow_all: true, login_throttle: false },
      LTI11Authenticator: { consumers: CONSUMERS, launch_timestamp_window: 300 },
    }),
    (started) => (hub = started),
  );
  beforeEach(() => {
    warnings = jest.spyOn(Logger.prototype, 'warn');
  });
  afterEach(() => warnings.mockRestore());

  const logged = () => warnings.mock.calls.map((call) => String(call[0])).join('\n');
  const now = () => Math.floor(Date.now() / 1000);

  it.each<
    [string, SignOptions & { consumer?: { key: string; secret: string } }, number, RegExp, RegExp]
  >([
    [
      'a forged signature',
      { consumer: { key: 'canvas-key', secret: 'guessed' } },
      401,
      /could not be verified/,
      /oauth_signature mismatch for consumer \\"canvas-key\\"/,
    ],
    [
      'an unknown consumer key',
      { consumer: { key: 'blackboard-key', secret: 'canvas-secret' } },
      401,
      /not registered with the hub/,
      /unknown consumer key \\"blackboard-key\\"/,
    ],
    [
      'an expired timestamp',
      { timestamp: now() - 3600 },
      401,
      /has expired/,
      /oauth_timestamp \d+ is 3\d{3} s from the hub clock \(window 300 s\)/,
    ],
    [
      'a timestamp from the future',
      { timestamp: now() + 3600 },
      401,
      /has expired/,
      /oauth_timestamp \d+ is -3\d{3} s/,
    ],
    [
      'a missing resource_link_id and user_id',
      { drop: ['resource_link_id', 'user_id'] },
      400,
      /missing resource_link_id, user_id/,
      /missing launch parameters: resource_link_id, user_id/,
    ],
  ])(
    'refuses %s with a page, logs why and creates no user',
    async (_label, options, status, page, reason) => {
      const before = await userCount(hub);
      const answer = await launch(hub, 'canvas', {
        ...options,
        set: { custom_canvas_user_id: 'bad-1' },
      });
      expect(answer.status).toBe(status);
      expect(answer.headers['content-type']).toMatch(/text\/html/);
      expect(answer.body).toMatch(page);
      expect(loginCookies(answer.headers)).toEqual([]);
      expect(logged()).toMatch(reason);
      expect(await userCount(hub)).toBe(before);
      expect(await userExists(hub, 'bad-1')).toBe(false);
    },
  );

  it('refuses a replayed launch (same nonce and timestamp) after the first one logged in', async () => {
    const form = signLaunch(
      `${publicOrigin(hub)}/hub/lti/launch`,
      { key: 'moodle-key', secret: 'moodle-secret' },
      'moodle',
      { set: { user_id: 'replay-1' } },
    );
    expect((await postViaProxy(hub, '/hub/lti/launch', form.body)).status).toBe(302);
    const before = await userCount(hub);
    const replay = await postViaProxy(hub, '/hub/lti/launch', form.body);
    expect(replay.status).toBe(401);
    expect(replay.body).toContain('already used');
    expect(loginCookies(replay.headers)).toEqual([]);
    expect(logged()).toMatch(/oauth_nonce \\".+\\" replayed for consumer \\"moodle-key\\"/);
    expect(await userCount(hub)).toBe(before);
  });

  it('refuses a launch whose signed fields were changed on the way', async () => {
    const form = signLaunch(
      `${publicOrigin(hub)}/hub/lti/launch`,
      { key: 'canvas-key', secret: 'canvas-secret' },
      'canvas',
      { set: { custom_canvas_user_id: 'tampered-1' } },
    );
    const promoted = form.body.replace('roles=Learner', 'roles=Instructor');
    expect(promoted).not.toBe(form.body);
    const answer = await postViaProxy(hub, '/hub/lti/launch', promoted);
    expect(answer.status).toBe(401);
    expect(await userExists(hub, 'tampered-1')).toBe(false);
  });
});
