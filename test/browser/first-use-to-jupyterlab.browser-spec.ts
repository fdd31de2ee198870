import type { RunningOrrery } from '../compat/fixtures/orrery-process';
import type { RunningBrowser } from './fixtures/chromium';
import { labHubInChromium } from './fixtures/lab-hub';

/**
 * A person's first visit: register with the first-use authenticator, start a server, watch the
 * progress bar, land in JupyterLab (the real one, from .venv/singleuser), run a cell, log out.
 */
const USER = 'grace';
const PASSWORD = 'browser-password-1';

describe('first-use registration to a JupyterLab cell, in Chromium', () => {
  let hub: RunningOrrery;
  let chromium: RunningBrowser;
  labHubInChromium(
    { Spawner: { default_url: '/lab' } },
    (started) => ({ hub, chromium } = started),
  );

  it('registers, spawns with a live progress bar, runs 1+1 in JupyterLab and logs out', async () => {
    const page = await chromium.browser.newPage();
    await page.goto(`${hub.publicUrl}/hub/login`);
    await chromium.screenshot(page, '01-login');
    await page.getByLabel('Username').fill(USER);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/hub\/(home|spawn)/);
    await chromium.screenshot(page, '02-after-login');

    await page.goto(`${hub.publicUrl}/hub/spawn`);
    await page.waitForURL(/\/hub\/spawn-pending\//);
    await page.getByRole('progressbar').waitFor();
    await chromium.screenshot(page, '03-spawn-pending');

    await page.waitForURL(new RegExp(`/user/${USER}/lab`), { timeout: 60_000 });
    await page.locator('.jp-LauncherCard').first().waitFor({ timeout: 60_000 });
    await chromium.screenshot(page, '04-jupyterlab');
    await page.locator('.jp-LauncherCard[data-category="Notebook"]').first().click();
    // the notebook's kernel must be up before a cell runs on it
    await page.getByText('Python 3 (ipykernel) | Idle').waitFor({ timeout: 90_000 });
    await chromium.screenshot(page, '05-notebook');
    const editor = page.locator('.jp-Notebook .jp-Cell .jp-InputArea-editor').first();
    await editor.click();
    await page.keyboard.type('1+1');
    await page.keyboard.press('Shift+Enter');
    const output = page.locator('.jp-OutputArea-output').first();
    await output.waitFor({ timeout: 60_000 });
    expect((await output.innerText()).trim()).toBe('2');
    await chromium.screenshot(page, '06-cell-output');

    await page.goto(`${hub.publicUrl}/hub/logout`);
    await page.waitForURL(/\/hub\/login/);
    await chromium.screenshot(page, '07-logged-out');
    const afterLogout = await page.goto(`${hub.publicUrl}/hub/home`);
    expect(afterLogout?.url()).toMatch(/\/hub\/login\?next=/);
    await page.close();
  }, 180_000);
});
