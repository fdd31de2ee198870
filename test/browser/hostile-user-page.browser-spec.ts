import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { RunningOrrery } from '../compat/fixtures/orrery-process';
import type { RunningBrowser } from './fixtures/chromium';
import { type HostileReport, hostileCall, hostileHtml } from './fixtures/hostile-page';
import { labHubInChromium } from './fixtures/lab-hub';

/**
 * A hostile page in alice's home (served by the real jupyter_server as
 * /user/alice/files/evil.html), and the same script run in her JupyterLab page as a notebook
 * output's script would, opened by bob (who may use her server) and by an admin: neither gets an
 * XSRF token, a token, a started or a stopped server. Without subdomain_host her server shares
 * the hub's origin and the script uses the hub's paths; with it (hub.test, resolved to
 * 127.0.0.1 by Chromium) her server is on alice.hub.test and the script aims at the hub's origin.
 * On plain HTTP under a host name (plain.test) Chromium sends no Fetch Metadata, so the hub
 * answers the script's fetch() of its pages: they must carry no token (it is only in the
 * `_xsrf` cookie on the hub's path). The window it opens is left out there: Chromium ignores
 * COOP on such an origin, and only subdomain_host keeps a hub window out of its reach.
 */
const OWNER = 'alice';
const PASSWORD = 'hostile-password-1';

describe.each([
  ['without subdomain_host', undefined, undefined],
  ['with subdomain_host', 'hub.test', undefined],
  ['plain HTTP on a host name, without subdomain_host', undefined, 'plain.test'],
])(
  'a hostile page on a user server, against its visitors, in Chromium (%s)',
  (_mode, subdomain, plainHost) => {
    let hub: RunningOrrery;
    let chromium: RunningBrowser;
    labHubInChromium(
      {
        Spawner: { default_url: '/lab' },
        Authenticator: { allow_all: true, admin_users: ['root'] },
        JupyterHub: {
          services: [{ name: 'compat', api_token: 'hostile-compat-token-0123456789' }],
          load_roles: [
            {
              name: 'compat',
              scopes: ['admin:servers', 'admin:users', 'read:users', 'read:tokens'],
              services: ['compat'],
            },
            { name: 'alice-visitor', scopes: ['access:servers!user=alice'], users: ['bob'] },
          ],
        },
      },
      (started) => ({ hub, chromium } = started),
      subdomain,
      plainHost,
    );
    const targetsFor = (victim: string) => ({
      victim,
      owner: OWNER,
      hub: hubOrigin(),
      popup: plainHost === undefined,
    });
    const shot = subdomain ? '-subdomain' : plainHost ? '-plain-http' : '';
    /** where the script aims: the hub's paths on the same origin, or the hub's own origin */
    const hubOrigin = () => (subdomain ? hub.publicUrl : '');

    interface UserOrTokens {
      api_tokens?: { note: string }[];
      servers?: Record<string, { ready: boolean }>;
    }

    const api = async (url: string): Promise<UserOrTokens> => {
      const response = await fetch(`${hub.hubUrl}/hub/api${url}`, {
        headers: { Authorization: 'token hostile-compat-token-0123456789' },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as UserOrTokens;
    };

    async function logIn(name: string): Promise<{ context: BrowserContext; page: Page }> {
      const context = await chromium.browser.newContext();
      const page = await context.newPage();
      // to home, not the default spawn: the visitor's server must stay stopped unless attacked
      await page.goto(`${hub.publicUrl}/hub/login?next=%2Fhub%2Fhome`);
      await page.getByLabel('Username').fill(name);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: /sign in/i }).click();
      await page.waitForURL(/\/hub\/home/);
      return { context, page };
    }

    /** Opens a URL of alice's server, confirming the OAuth access the hub asks for. */
    async function openOnOwnerServer(page: Page, url: string): Promise<void> {
      await page.goto(`${hub.publicUrl}${url}`);
      if (page.url().includes('/hub/api/oauth2/authorize')) {
        await page.getByRole('button', { name: 'Authorize' }).click();
      }
      await page.waitForURL((at) => at.pathname.startsWith(`/user/${OWNER}/`), { timeout: 60_000 });
    }

    function expectNothingObtained(report: HostileReport): void {
      expect(report.tokens).toEqual([]);
      // what document.cookie holds is the server's own XSRF cookie: the hub refuses it (403s below)
      expect(report.cookie).not.toMatch(/jupyterhub-hub-login/);
      // 403 on the hub's origin; a sandboxed page's fetch() fails outright
      for (const attempt of ['createToken', 'startServer', 'stopServer'])
        expect(String(report.attempts[attempt])).toMatch(/^(403|TypeError)/);
      expect(report.attempts.popup).not.toBe('reachable');
    }

    async function expectNothingHappened(victim: string): Promise<void> {
      const tokens = await api(`/users/${victim}/tokens`);
      expect((tokens.api_tokens ?? []).map((t: { note: string }) => t.note)).not.toContain('evil');
      const model = await api(`/users/${victim}`);
      expect(model.servers).toEqual({});
      const owner = await api(`/users/${OWNER}`);
      expect(owner.servers?.['']?.ready).toBe(true);
    }

    beforeAll(async () => {
      const { context, page } = await logIn(OWNER);
      await page.goto(`${hub.publicUrl}/hub/spawn`);
      await page.waitForURL(new RegExp(`/user/${OWNER}/lab`), { timeout: 90_000 });
      // written once the spawner has made the home (its own uid's when the hub runs as root);
      // a file missing there would be a 404 and the hostile script would never run
      const home = path.join(hub.dir, 'home', OWNER);
      for (const victim of ['bob', 'root']) {
        const html = hostileHtml(targetsFor(victim));
        writeFileSync(path.join(home, `evil-${victim}.html`), html);
      }
      await context.close();
    }, 120_000);

    it.each(['bob', 'root'])(
      'gives %s no token and no action from evil.html or a script in JupyterLab',
      async (victim) => {
        const { context, page } = await logIn(victim);
        await openOnOwnerServer(page, `/user/${OWNER}/files/evil-${victim}.html`);
        const report = page.locator('#report');
        await report.filter({ hasNotText: /^running$/ }).waitFor({ timeout: 30_000 });
        await chromium.screenshot(page, `hostile-${victim}-1-evil-html${shot}`);
        expectNothingObtained(JSON.parse(await report.innerText()) as HostileReport);

        // the worst case: a script running in her JupyterLab's own document
        await openOnOwnerServer(page, `/user/${OWNER}/lab`);
        await page.locator('.jp-LauncherCard').first().waitFor({ timeout: 60_000 });
        const call = hostileCall(targetsFor(victim));
        const inLab = (await page.evaluate(call)) as HostileReport;
        await chromium.screenshot(page, `hostile-${victim}-2-in-lab${shot}`);
        // same origin the hub says 403; cross-origin the browser gives the script nothing at all;
        // without Fetch Metadata (plain HTTP) the page answers, with no token in it
        const refused = subdomain ? /^TypeError/ : plainHost ? /^200$/ : /^403$/;
        expect(String(inLab.attempts['fetch /hub/home'])).toMatch(refused);
        expect(String(inLab.attempts['fetch /hub/token'])).toMatch(refused);
        expectNothingObtained(inLab);
        await expectNothingHappened(victim);
        await context.close();
      },
      180_000,
    );
  },
);
