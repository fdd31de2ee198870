import type { RunningOrrery } from '../compat/fixtures/orrery-process';
import type { RunningBrowser } from './fixtures/chromium';
import { labHubInChromium } from './fixtures/lab-hub';

/**
 * With `JupyterHub.subdomain_host` (hub.test, which Chromium resolves to 127.0.0.1) the whole
 * first visit works with the real jupyterhub-singleuser: login on the hub's host, spawn, the
 * server's OAuth round trip between its own host and the hub's, JupyterLab and a kernel on the
 * user's host; the hub's login cookie stays on the hub's host.
 */
const DOMAIN = 'hub.test';
const USER = 'grace';
const PASSWORD = 'browser-password-1';

describe('subdomain_host: login to a JupyterLab cell on the user host, in Chromium', () => {
  let hub: RunningOrrery;
  let chromium: RunningBrowser;
  labHubInChromium(
    { Spawner: { default_url: '/lab' } },
    (started) => ({ hub, chromium } = started),
    DOMAIN,
  );

  it("logs in on the hub's host, spawns and runs 1+1 in JupyterLab on the user's own host", async () => {
    const port = new URL(hub.publicUrl).port;
    expect(new URL(hub.publicUrl).hostname).toBe(DOMAIN);
    const userOrigin = `http://${USER}.${DOMAIN}:${port}`;
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${hub.publicUrl}/hub/login`);
    await page.getByLabel('Username').fill(USER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/hub\/(home|spawn)/);
    await chromium.screenshot(page, 'subdomain-01-after-login');

    await page.goto(`${hub.publicUrl}/hub/spawn`);
    await page.waitForURL(/\/hub\/spawn-pending\//);
    await page.waitForURL((url) => url.origin === userOrigin && url.pathname.endsWith('/lab'), {
      timeout: 90_000,
    });
    expect(new URL(page.url()).pathname).toBe(`/user/${USER}/lab`);
    await page.locator('.jp-LauncherCard').first().waitFor({ timeout: 60_000 });
    await chromium.screenshot(page, 'subdomain-02-jupyterlab');
    await page.locator('.jp-LauncherCard[data-category="Notebook"]').first().click();
    // the kernel's websocket goes through the proxy's host route too
    await page.getByText('Python 3 (ipykernel) | Idle').waitFor({ timeout: 90_000 });
    const editor = page.locator('.jp-Notebook .jp-Cell .jp-InputArea-editor').first();
    await editor.click();
    await page.keyboard.type('1+1');
    await page.keyboard.press('Shift+Enter');
    const output = page.locator('.jp-OutputArea-output').first();
    await output.waitFor({ timeout: 60_000 });
    expect((await output.innerText()).trim()).toBe('2');
    await chromium.screenshot(page, 'subdomain-03-cell-output');

    const cookies = await context.cookies();
    const named = (name: string) => cookies.filter((c) => c.name === name);
    // host-only on the hub's host (no leading dot): never sent to, or settable for, a user host
    expect(named('jupyterhub-hub-login').map((c) => c.domain)).toEqual([DOMAIN]);
    expect(named('jupyterhub-session-id').map((c) => c.domain)).toEqual([DOMAIN]);
    expect(cookies.filter((c) => c.domain.startsWith('.'))).toEqual([]);
    // the server's own OAuth cookie, set by the singleuser on its host
    expect(named(`jupyterhub-user-${USER}`).map((c) => c.domain)).toEqual([`${USER}.${DOMAIN}`]);
    await context.close();
  }, 240_000);
});
