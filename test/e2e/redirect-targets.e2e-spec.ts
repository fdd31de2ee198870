import { loginAs, submitLoginForm } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';

/**
 * `next` as a browser would follow it: every hostile target falls back to the landing page
 * (`/hub/spawn`, redirect_to_server), and none of them is a 500.
 */
describe('redirect targets (next)', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub()));
  afterAll(() => hub.close());

  const HOSTILE = [
    '/\t/evil.example.com',
    '/\n/evil.example.com',
    '/\\evil.example.com',
    '\\\\evil.example.com',
    '//evil.example.com',
    'https:evil.example.com',
    'https://hub.invalid@evil.example.com/',
    'javascript:alert(1)',
  ];

  it.each(HOSTILE)('a logged-in visit to /hub/login drops next=%p', async (next) => {
    const alice = await loginAs(hub, 'rt-alice');
    const response = await hub
      .http()
      .get(`/hub/login?next=${encodeURIComponent(next)}`)
      .set('Cookie', alice.cookie)
      .expect(302);
    expect(response.headers.location).toBe('/hub/spawn');
  });

  it.each(HOSTILE)('a login form POST drops next=%p', async (next) => {
    const response = await submitLoginForm(
      hub,
      { username: 'rt-bob', password: 'long-enough' },
      next,
    );
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/hub/spawn');
  });

  it('strips a newline in next as a browser does instead of failing with 500', async () => {
    const alice = await loginAs(hub, 'rt-carl');
    const response = await hub
      .http()
      .get(`/hub/login?next=${encodeURIComponent('/hub/to\nken')}`)
      .set('Cookie', alice.cookie)
      .expect(302);
    expect(response.headers.location).toBe('/hub/token');
  });

  it('keeps a next on this hub, given as a path or as a URL of its own host', async () => {
    const alice = await loginAs(hub, 'rt-dee');
    const own = await hub
      .http()
      .get(`/hub/login?next=${encodeURIComponent('/user/rt-dee/lab?x=1')}`)
      .set('Cookie', alice.cookie)
      .expect(302);
    expect(own.headers.location).toBe('/user/rt-dee/lab?x=1');
    const absolute = await hub
      .http()
      .get(`/hub/login?next=${encodeURIComponent('http://hub.example.org/hub/token')}`)
      .set({ Cookie: alice.cookie, Host: 'hub.example.org' })
      .expect(302);
    expect(absolute.headers.location).toBe('/hub/token');
  });

  it.each(HOSTILE)('the spawn-pending page of a stopped server drops next=%p', async (next) => {
    const eve = await loginAs(hub, 'rt-eve');
    const page = await hub
      .http()
      .get(`/hub/spawn-pending/rt-eve?next=${encodeURIComponent(next)}`)
      .set({ Cookie: eve.cookie, 'Sec-Fetch-Mode': 'navigate' })
      .expect(200);
    expect(page.text).toContain('/hub/spawn/rt-eve?next=%2Fuser%2Frt-eve%2F');
    expect(page.text).not.toContain('evil');
  });
});
