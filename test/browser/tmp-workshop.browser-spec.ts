import type { RunningOrrery } from '../compat/fixtures/orrery-process';
import type { RunningBrowser } from './fixtures/chromium';
import { labHubInChromium } from './fixtures/lab-hub';

/**
 * The workshop hub: the tmp authenticator behind a shared password. A visitor gives the
 * password, gets an anonymous user and lands in JupyterLab (the real one, from
 * .venv/singleuser); another browser gets another user.
 */
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

describe('tmp authenticator with a shared password, in Chromium', () => {
  let hub: RunningOrrery;
  let chromium: RunningBrowser;
  labHubInChromium(
    {
      JupyterHub: { authenticator_class: 'tmp' },
      TmpAuthenticator: { shared_password: 'workshop-pass' },
      Spawner: { default_url: '/lab' },
    },
    (started) => ({ hub, chromium } = started),
  );

  /** A new browser context (no cookies) through the password to its JupyterLab. */
  async function arrive(label: string): Promise<string> {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${hub.publicUrl}/hub/login`);
    await page.getByLabel('Password').fill('wrong');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page
      .getByRole('alert')
      .getByText(/wrong password/i)
      .waitFor();
    await chromium.screenshot(page, `${label}-1-wrong-password`);
    await page.getByLabel('Password').fill('workshop-pass');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(new RegExp(`/user/${UUID}/lab`), { timeout: 60_000 });
    await page.locator('.jp-LauncherCard').first().waitFor({ timeout: 60_000 });
    await chromium.screenshot(page, `${label}-2-jupyterlab`);
    const user = new RegExp(`/user/(${UUID})/`).exec(page.url())![1];
    await context.close();
    return user;
  }

  it('lets each visitor with the password into their own JupyterLab', async () => {
    const first = await arrive('tmp-a');
    const second = await arrive('tmp-b');
    expect(second).not.toBe(first);
    const health = await fetch(`${hub.publicUrl}/hub/health`);
    expect(health.status).toBe(200);
  }, 240_000);
});
