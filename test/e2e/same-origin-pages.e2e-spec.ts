import { rawQuery } from '@orrery/core';
import { loginAs, setCookies } from './fixtures/browser-login';
import { HubFixture } from './fixtures/hub-fixture';
import { serverHub, spawnConfig } from './servers-helpers';

/**
 * Without subdomain_host a user's server shares the hub's origin: a script in a page of alice's
 * server, opened by bob, can fetch() bob's hub pages or load them in a frame. These are the
 * refusals that keep bob's XSRF token and his server out of its reach.
 */
const FETCH = {
  'Sec-Fetch-Mode': 'cors',
  'Sec-Fetch-Dest': 'empty',
  'Sec-Fetch-Site': 'same-origin',
};
const FRAME = {
  'Sec-Fetch-Mode': 'navigate',
  'Sec-Fetch-Dest': 'iframe',
  'Sec-Fetch-Site': 'same-origin',
};
const NAVIGATION = {
  'Sec-Fetch-Mode': 'navigate',
  'Sec-Fetch-Dest': 'document',
  'Sec-Fetch-Site': 'same-origin',
};
const XSRF_PAGES = [
  '/hub/home',
  '/hub/token',
  '/hub/spawn',
  '/hub/spawn-pending/bob',
  '/hub/auth/change-password',
  '/hub/api/oauth2/authorize?client_id=x&redirect_uri=%2F&response_type=code',
  '/hub/login',
  '/hub/accept-share?code=anything',
];

describe('hub pages against scripts on the same origin (no subdomain_host)', () => {
  let hub: HubFixture;
  serverHub(
    (home) => spawnConfig(home),
    (started) => (hub = started),
  );

  async function serverRows(user: string): Promise<number> {
    const rows = await rawQuery<{ n: number }>(
      hub.dataSource,
      `SELECT COUNT(*) AS n FROM spawners s JOIN users u ON u.id = s.user_id
        WHERE u.name = ? AND s.server_id IS NOT NULL`,
      [user],
    );
    return Number(rows[0].n);
  }

  it.each(XSRF_PAGES)('refuses a same-origin fetch() of %s with 403 and no token', async (url) => {
    const bob = await loginAs(hub, 'bob');
    const response = await hub
      .http()
      .get(url)
      .set({ Cookie: bob.cookie, ...FETCH });
    expect(response.status).toBe(403);
    expect(response.text).not.toContain(bob.xsrf);
    expect(response.text).not.toMatch(/data-xsrf-token="[^"]+"|name="_xsrf" value="[^"]+"/);
  });

  it.each(XSRF_PAGES)('refuses a same-origin iframe of %s with 403', async (url) => {
    const bob = await loginAs(hub, 'bob');
    const response = await hub
      .http()
      .get(url)
      .set({ Cookie: bob.cookie, ...FRAME });
    expect(response.status).toBe(403);
    expect(response.text).not.toContain(bob.xsrf);
  });

  it('refuses an image or no-cors load of a page', async () => {
    const bob = await loginAs(hub, 'bob');
    await hub
      .http()
      .get('/hub/token')
      .set({ Cookie: bob.cookie, 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'image' })
      .expect(403);
  });

  it('does not start the server for a hidden iframe or fetch() of /hub/spawn', async () => {
    const bob = await loginAs(hub, 'bob');
    await hub
      .http()
      .get('/hub/spawn')
      .set({ Cookie: bob.cookie, ...FRAME })
      .expect(403);
    await hub
      .http()
      .get('/hub/spawn/bob')
      .set({ Cookie: bob.cookie, ...FETCH })
      .expect(403);
    expect(await serverRows('bob')).toBe(0);
  });

  it('does not start the server for a GET of /hub/spawn without Fetch Metadata on plain HTTP', async () => {
    // Chromium on http://plain.test sends no Sec-Fetch-* headers: a user page's fetch() and a
    // navigation look alike, so the GET gets the self-posting form, which no fetch() runs
    const carl = await loginAs(hub, 'carl');
    const page = await hub
      .http()
      .get('/hub/spawn')
      .set({ Cookie: carl.cookie, Host: 'plain.test', Accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('spawn-submit.js');
    expect(page.text).not.toContain(carl.xsrf);
    expect(await serverRows('carl')).toBe(0);
  });

  it('answers a top-level navigation with the page, its token only in the cookie', async () => {
    const bob = await loginAs(hub, 'bob');
    const page = await hub
      .http()
      .get('/hub/token')
      .set({ Cookie: bob.cookie, ...NAVIGATION });
    expect(page.status).toBe(200);
    expect(page.text).toContain('xsrf-forms.js');
    expect(page.text).not.toContain(bob.xsrf);
  });

  it.each(['/hub/user/bob/tree', '/hub/no-such-page'])(
    'keeps the token out of the page of %s read by fetch()',
    async (url) => {
      const bob = await loginAs(hub, 'bob');
      const response = await hub
        .http()
        .get(url)
        .set({ Cookie: bob.cookie, ...FETCH, Accept: 'text/html' });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.text).toContain('<main');
      expect(response.text).not.toContain(bob.xsrf);
    },
  );

  it('forbids framing hub pages at all: CSP frame-ancestors none, X-Frame-Options DENY, COOP', async () => {
    const page = await hub.http().get('/hub/login').expect(200);
    expect(page.headers['content-security-policy']).toMatch(/^frame-ancestors 'none';/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it("sets the _xsrf cookie on /hub/ only, out of a user page's document.cookie", async () => {
    const page = await hub.http().get('/hub/login').expect(200);
    // readable by the hub's own scripts (the pages no longer carry the token), not HttpOnly
    expect(setCookies(page.headers).get('_xsrf')).toMatch(/; Path=\/hub\/; SameSite=Lax/);
  });

  it("refuses cookie-only API calls on dave's tokens and server without his XSRF token", async () => {
    const dave = await loginAs(hub, 'dave');
    const asScript = { Cookie: dave.cookie, ...FETCH };
    const tokens = await hub
      .http()
      .post('/hub/api/users/dave/tokens')
      .set(asScript)
      .send({ note: 'stolen' });
    expect(tokens.status).toBe(403);
    // a form-encoded or text/plain body is not even cookie-authenticated
    await hub
      .http()
      .post('/hub/api/users/dave/tokens')
      .set({ ...asScript, 'Content-Type': 'text/plain' })
      .send('{"note":"stolen"}')
      .expect(403);
    await hub.http().post('/hub/api/users/dave/server').set(asScript).expect(403);
    await hub.http().delete('/hub/api/users/dave/server').set(asScript).expect(403);
    const rows = await rawQuery<{ n: number }>(
      hub.dataSource,
      `SELECT COUNT(*) AS n FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE u.name = 'dave' AND t.note = 'stolen'`,
    );
    expect(Number(rows[0].n)).toBe(0);
    expect(await serverRows('dave')).toBe(0);
  });
});
