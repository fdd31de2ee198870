import { PAGE_ROWS } from './authorization/matrix-page-rows';
import { loginAs, setCookies } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';

/**
 * Without subdomain_host and on plain HTTP under a real host name, Chromium sends no Fetch
 * Metadata, so @NavigationOnly cannot tell a user server's fetch() of a hub page from a
 * navigation: the page's HTML must hold no XSRF token at all, neither the browser's (from its
 * cookie) nor one issued for the request (which goes out as the `_xsrf` cookie only).
 */
const CONFIG = {
  Spawner: { options_form: '<label for="size">Size</label><input id="size" name="size">' },
  JupyterHub: {
    allow_named_servers: true,
    services: [
      {
        name: 'grader',
        url: 'http://127.0.0.1:10101',
        api_token: 'xsrf-grader-token-0123456789',
        oauth_client_allowed_scopes: ['read:users!user'],
      },
    ],
    load_roles: [
      { name: 'grader-users', scopes: ['access:services!service=grader'], users: ['bob'] },
    ],
  },
};

/** GET page rows with their parameters filled in for bob. */
const MATRIX_PAGES = PAGE_ROWS.map((row) => row.route)
  .filter((route) => route.startsWith('GET '))
  .map((route) =>
    route
      .slice('GET '.length)
      .replace(':user_name', 'bob')
      .replace(':server_name', 'lab')
      .replace(':service_name', 'grader')
      .replace(':code', '404')
      .replace('*', 'tree'),
  );
const OAUTH_CONFIRMATION =
  '/hub/api/oauth2/authorize?client_id=service-grader&response_type=code&state=s' +
  '&redirect_uri=%2Fservices%2Fgrader%2Foauth_callback';
const PAGES = [...MATRIX_PAGES, OAUTH_CONFIRMATION, '/hub/device?user_code=ABCD-EFGH'];

/** A navigation of a browser that sends no Fetch Metadata (plain HTTP, not localhost). */
const PLAIN_HTTP = { Accept: 'text/html', 'Upgrade-Insecure-Requests': '1' };

describe('hub pages keep the XSRF token out of their HTML (plain HTTP, no Fetch Metadata)', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub(CONFIG)));
  afterAll(() => hub.close());

  it.each(PAGES)("keeps a logged-in browser's XSRF token out of the HTML of %s", async (url) => {
    const bob = await loginAs(hub, 'bob');
    const page = await hub
      .http()
      .get(url)
      .set({ Cookie: bob.cookie, ...PLAIN_HTTP });
    expect(page.text).not.toContain(bob.xsrf);
    const issued = setCookies(page.headers).get('_xsrf')?.split(';')[0].slice('_xsrf='.length);
    if (issued) expect(page.text).not.toContain(issued);
    expect(page.text).not.toMatch(/data-xsrf-token="[^"]+"|name="_xsrf" value="[^"]+"/);
  });

  it('shows the rich pages themselves (the check above is not only on refusals)', async () => {
    const bob = await loginAs(hub, 'bob');
    const get = (url: string) =>
      hub
        .http()
        .get(url)
        .set({ Cookie: bob.cookie, ...PLAIN_HTTP });
    expect((await get('/hub/spawn')).text).toContain('<input id="size" name="size">');
    expect((await get(OAUTH_CONFIRMATION)).text).toContain('name="_xsrf"');
    expect((await get('/hub/auth/change-password')).text).toContain('name="_xsrf"');
  });

  it('sets the cookie again on a navigation, so one an older hub set HttpOnly becomes readable', async () => {
    const bob = await loginAs(hub, 'bob');
    const page = await hub
      .http()
      .get('/hub/token')
      .set({ Cookie: bob.cookie, ...PLAIN_HTTP })
      .expect(200);
    const cookie = setCookies(page.headers).get('_xsrf') ?? '';
    expect(cookie.split(';')[0]).toBe(`_xsrf=${bob.xsrf}`);
    expect(cookie).not.toMatch(/HttpOnly/i);
  });

  it("gives an anonymous visitor's login token as a cookie on the hub's path only", async () => {
    const page = await hub.http().get('/hub/login').set(PLAIN_HTTP).expect(200);
    const cookie = setCookies(page.headers).get('_xsrf') ?? '';
    const token = cookie.split(';')[0].slice('_xsrf='.length);
    expect(token).not.toBe('');
    expect(page.text).not.toContain(token);
    expect(cookie).toMatch(/; Path=\/hub\/(;|$)/);
    // the hub's own scripts read it from document.cookie; a page under /user/ does not see it
    expect(cookie).not.toMatch(/HttpOnly/i);
    expect(page.text).toContain('xsrf-forms.js');
  });
});
