import { rawQuery } from '@orrery/core';
import { randomBytes } from 'node:crypto';
import { HubFixture } from './fixtures/hub-fixture';
import {
  listeningServerHub,
  LMS_FIXTURES,
  LmsFixture,
  postViaProxy,
  publicOrigin,
  RawResponse,
  signLaunch,
} from './fixtures/lti11-launch';
import { withCryptKey } from './fixtures/login-checks';
import { CookieJar, follow } from './fixtures/login-flow';
import { spawnConfig, viaProxy } from './servers-helpers';

/** One consumer per LMS, as an admin registers each LMS with its own key and secret. */
const CONSUMERS = Object.fromEntries(
  LMS_FIXTURES.map((lms) => [`${lms}-key`, `${lms}-secret-${randomBytes(8).toString('hex')}`]),
);
const consumerOf = (lms: LmsFixture) => ({ key: `${lms}-key`, secret: CONSUMERS[`${lms}-key`] });

/** Who each fixture's launch is: default username_key custom_canvas_user_id, else user_id. */
const EXPECTED: Record<LmsFixture, { name: string; course: string; roles: string[] }> = {
  canvas: { name: '1091', course: '4dde05e8ca1973bcca9bffc13e1548820eee93a3', roles: ['learner'] },
  moodle: { name: '27', course: '12', roles: ['instructor'] },
  'open-edx': {
    name: '4f1c9b6e2a8d4e7f9c0b1a2d3e4f5a6b',
    course: 'course-v1:ExampleX+DS101+2026_T1',
    roles: ['learner'],
  },
  blackboard: {
    name: 'b7a3e91f4c2d4e1a8f6b5c4d3e2f1a09',
    course: '9b41c2e6d5f84a37b0e1c3d2f4a5b6c7',
    roles: ['ta', 'learner'],
  },
  brightspace: {
    name: '3f2a1b0c-9d8e-4f7a-b6c5-d4e3f2a1b0c9_6606',
    course: '6707',
    roles: ['learner'],
  },
};

/** A browser's cookie jar fed with the launch answer's Set-Cookie headers. */
function jarOf(launch: RawResponse): CookieJar {
  const jar = new CookieJar();
  jar.take({ headers: launch.headers } as never);
  return jar;
}

async function userInfo(hub: HubFixture, name: string): Promise<Record<string, unknown>> {
  const rows = await rawQuery<{ user_info: unknown }>(
    hub.dataSource,
    'SELECT user_info FROM users WHERE name = ?',
    [name],
  );
  const raw = rows[0]?.user_info;
  return (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, unknown>;
}

describe('the lti11 authenticator: launches of five LMSes through the proxy', () => {
  let hub: HubFixture;
  withCryptKey();
  listeningServerHub(
    (home, hubBindUrl) => ({
      ...spawnConfig(home),
      JupyterHub: {
        authenticator_class: 'ltiauthenticator.lti11.auth.LTI11Authenticator',
        hub_bind_url: hubBindUrl,
      },
      Authenticator: {
        admin_users: ['root'],
        allow_all: true,
        manage_groups: true,
        enable_auth_state: true,
      },
      LTI11Authenticator: { consumers: CONSUMERS, frame_ancestors: ['https://lms.example.edu'] },
    }),
    (started) => (hub = started),
  );

  const launchUrl = () => `${publicOrigin(hub)}/hub/lti/launch`;

  it.each(LMS_FIXTURES)(
    '%s: a signed launch logs in, keeps the course and roles, and ends at the running server',
    async (lms) => {
      const expected = EXPECTED[lms];
      const form = signLaunch(launchUrl(), consumerOf(lms), lms);
      const launch = await postViaProxy(hub, '/hub/lti/launch', form.body);
      expect(launch.status).toBe(302);
      const jar = jarOf(launch);
      const { locations } = await follow(hub, jar, String(launch.headers.location), 12);
      const server = locations.find((location) => location.startsWith(`/user/${expected.name}/`));
      expect(server).toBeDefined();
      const answer = await viaProxy(hub, `/user/${expected.name}/api`);
      expect(answer.status).toBe(200);

      const model = await hub
        .http()
        .get(`/hub/api/users/${encodeURIComponent(expected.name)}`)
        .set(hub.auth(hub.tokens.adminService))
        .expect(200);
      expect(model.body.admin).toBe(false);
      expect([...model.body.groups].sort()).toEqual(
        expected.roles.map((role) => `${expected.course}:${role}`).sort(),
      );
      expect(model.body.auth_state).toMatchObject({ user_id: expect.any(String) });
      expect(Object.keys(model.body.auth_state).some((key) => key.startsWith('oauth_'))).toBe(
        false,
      );
      const info = await userInfo(hub, expected.name);
      expect(info.identity).toBe(
        `lti11:${lms}-key:${form.fields.find(([n]) => n === 'user_id')![1]}`,
      );
      expect(info.courses).toEqual([
        expect.objectContaining({ id: expected.course, roles: expected.roles }),
      ]);
    },
  );

  it('keeps a custom_next deep link (an nbgitpuller link) through login and spawn', async () => {
    const form = signLaunch(launchUrl(), consumerOf('moodle'), 'moodle', {
      set: { user_id: '2701' },
    });
    const launch = await postViaProxy(hub, '/hub/lti/launch', form.body);
    expect(launch.headers.location).toBe(
      '/hub/user-redirect/git-pull?repo=https://github.com/example/mechanics&urlpath=tree/mechanics/week1.ipynb&branch=main',
    );
    const { locations } = await follow(hub, jarOf(launch), String(launch.headers.location), 12);
    expect(locations.at(-1)).toMatch(/^\/user\/2701\/git-pull\?repo=https/);
    expect(locations.at(-1)).toContain('urlpath=tree/mechanics/week1.ipynb');
  });

  it('drops a custom_next that a browser would read as another host', async () => {
    const form = signLaunch(launchUrl(), consumerOf('moodle'), 'moodle', {
      set: { user_id: '2702', custom_next: '/\t/evil.example.com' },
    });
    const launch = await postViaProxy(hub, '/hub/lti/launch', form.body);
    expect(launch.status).toBe(302);
    expect(launch.headers.location).toBe('/hub/spawn');
  });

  it('takes custom_next from the launch URL query, which the LMS signed (Canvas)', async () => {
    const next = '/hub/user-redirect/lab/tree/intro.ipynb';
    const url = `${launchUrl()}?custom_next=${encodeURIComponent(next)}`;
    const form = signLaunch(url, consumerOf('canvas'), 'canvas', {
      set: { custom_canvas_user_id: '1092', user_id: 'canvas-user-1092' },
    });
    const launch = await postViaProxy(
      hub,
      `/hub/lti/launch?custom_next=${encodeURIComponent(next)}`,
      form.body,
    );
    expect(launch.status).toBe(302);
    expect(launch.headers.location).toBe(next);
  });

  it('behind a TLS proxy verifies the https URL the LMS signed and sets cross-site cookies', async () => {
    const host = `${new URL(publicOrigin(hub)).host}`;
    const form = signLaunch(`https://${host}/hub/lti/launch`, consumerOf('canvas'), 'canvas', {
      set: { custom_canvas_user_id: '1093', user_id: 'canvas-user-1093' },
    });
    const launch = await postViaProxy(hub, '/hub/lti/launch', form.body, {
      'X-Forwarded-Proto': 'https',
    });
    expect(launch.status).toBe(302);
    const cookies = launch.headers['set-cookie'] ?? [];
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatch(/; Secure/i);
    for (const cookie of cookies) expect(cookie).toMatch(/SameSite=None/i);
    // browsers that block third-party cookies keep partitioned ones inside the LMS frame
    for (const cookie of cookies) expect(cookie).toMatch(/; Partitioned/i);
    // logging out inside the frame must drop the partitioned cookies too
    const login = cookies.map((cookie) => cookie.split(';')[0]).join('; ');
    const logout = await hub
      .http()
      .get('/hub/logout')
      .set({ Cookie: login, 'X-Forwarded-Proto': 'https' })
      .expect(302);
    const cleared = (logout.headers['set-cookie'] as unknown as string[]).filter((cookie) =>
      cookie.startsWith('jupyterhub-hub-login=;'),
    );
    expect(cleared.some((cookie) => /; Partitioned/i.test(cookie))).toBe(true);
    expect(cleared.some((cookie) => !/; Partitioned/i.test(cookie))).toBe(true);
  });

  it('lets only the LMS origins of frame_ancestors show the hub pages in a frame, not the hub itself', async () => {
    const page = await hub.http().get('/hub/lti/launch').expect(405);
    expect(page.headers['content-security-policy']).toMatch(
      /^frame-ancestors https:\/\/lms\.example\.edu;/,
    );
    expect(page.headers['x-frame-options']).toBeUndefined();
  });

  it('refuses a name that another LMS account already holds', async () => {
    // Moodle user 27 exists from its launch; a Brightspace user whose user_id is 27 is another person
    await postViaProxy(
      hub,
      '/hub/lti/launch',
      signLaunch(launchUrl(), consumerOf('moodle'), 'moodle').body,
    );
    const other = signLaunch(launchUrl(), consumerOf('brightspace'), 'brightspace', {
      set: { user_id: '27' },
    });
    const launch = await postViaProxy(hub, '/hub/lti/launch', other.body);
    expect(launch.status).toBe(403);
    expect(launch.body).toContain('already belongs to another account');
  });

  it('answers a GET of the launch URL with a page that says to launch from the LMS', async () => {
    const page = await hub.http().get('/hub/lti/launch').expect(405);
    expect(page.text).toContain('follow its link in the LMS');
    const login = await hub.http().get('/hub/login?next=%2Fhub%2Fhome').expect(302);
    expect(login.headers.location).toMatch(/^\/hub\/lti\/launch/);
  });

  it('serves the configuration XML with the launch URL', async () => {
    const xml = await hub
      .http()
      .get('/hub/lti11/config')
      .set('Host', 'hub.example.org')
      .expect(200);
    expect(xml.headers['content-type']).toMatch(/application\/xml/);
    expect(xml.text).toContain(
      '<blti:launch_url>http://hub.example.org/hub/lti/launch</blti:launch_url>',
    );
    expect(xml.text).toContain('<blti:title>JupyterHub</blti:title>');
  });
});
