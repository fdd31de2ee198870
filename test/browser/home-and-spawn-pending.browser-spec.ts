import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { RunningOrrery } from '../compat/fixtures/orrery-process';
import type { RunningBrowser } from './fixtures/chromium';
import { SINGLEUSER, labHubInChromium } from './fixtures/lab-hub';

/**
 * Home and spawn-pending as JupyterHub's: "Start My Server" goes through the spawn page to the
 * progress page and on to JupyterLab; a new named server too; a start in progress can be
 * stopped from its progress page; a failed start turns the page into a failure, once worded.
 * The named servers `slow` (never listens) and `broken` (exits 3) come from a wrapper command.
 */
const PASSWORD = 'home-page-password';
const scripts = mkdtempSync(path.join(tmpdir(), 'orrery-home-'));
const WRAPPER = path.join(scripts, 'server.sh');
writeFileSync(
  WRAPPER,
  [
    '#!/bin/sh',
    'case "$JUPYTERHUB_SERVER_NAME" in',
    '  slow) exec sleep 120 ;;',
    '  broken) echo "ModuleNotFoundError: no module named notebook" >&2; exit 3 ;;',
    // past the spawn page's wait (JupyterHub's slow_spawn_timeout, 10 s): it fails on the progress page
    '  late) sleep 12; echo "ModuleNotFoundError: no module named notebook" >&2; exit 3 ;;',
    'esac',
    `exec "${SINGLEUSER}" "$@"`,
    '',
  ].join('\n'),
);
// as root the servers run under their own uids, which must read and run the wrapper
chmodSync(scripts, 0o755);
chmodSync(WRAPPER, 0o755);
afterAll(() => rmSync(scripts, { recursive: true, force: true }));

describe('home and spawn-pending, in Chromium', () => {
  let hub: RunningOrrery;
  let chromium: RunningBrowser;
  labHubInChromium(
    {
      JupyterHub: { redirect_to_server: false, allow_named_servers: true },
      Spawner: { cmd: [WRAPPER], default_url: '/lab', start_timeout: 60 },
    },
    (started) => ({ hub, chromium } = started),
  );

  async function home(name: string): Promise<Page> {
    const page = await chromium.browser.newPage();
    await page.goto(`${hub.publicUrl}/hub/login`);
    await page.getByLabel('Username').fill(name);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/hub\/home/);
    return page;
  }

  it('starts the default server through the spawn and progress pages into JupyterLab', async () => {
    const page = await home('hana');
    await chromium.screenshot(page, 'home-1-stopped');
    await page.getByRole('link', { name: 'Start My Server' }).click();
    await page.waitForURL(/\/hub\/spawn-pending\/hana/);
    await chromium.screenshot(page, 'home-2-spawn-pending');
    await page.waitForURL(/\/user\/hana\/lab/, { timeout: 60_000 });
    await page.locator('.jp-LauncherCard').first().waitFor({ timeout: 60_000 });
    await page.goto(`${hub.publicUrl}/hub/home`);
    await page.getByRole('link', { name: 'My Server' }).waitFor();
    await page.close();
  }, 150_000);

  it('stops a start in progress from its progress page', async () => {
    const page = await home('sami');
    await page.getByLabel('New server name').fill('slow');
    await page.getByRole('button', { name: 'Add New Server' }).click();
    await page.waitForURL(/\/hub\/spawn-pending\/sami\/slow/);
    await page.goto(`${hub.publicUrl}/hub/home`);
    // while it starts, home says so and links to the progress page
    const starting = page.getByRole('link', { name: 'Starting…' });
    await starting.click();
    await page.waitForURL(/\/hub\/spawn-pending\/sami\/slow/);
    await chromium.screenshot(page, 'home-3-pending-with-stop');
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.waitForURL(/\/hub\/home$/);
    const row = page.getByRole('row', { name: /slow/ });
    await row.getByRole('link', { name: 'Start' }).waitFor();
    expect(await row.textContent()).toContain('Stopped');
    await chromium.screenshot(page, 'home-4-stopped-again');
    await page.close();
  }, 120_000);

  it('turns the progress page into a failure with the cause said once', async () => {
    const page = await home('bea');
    await page.goto(`${hub.publicUrl}/hub/spawn/bea/late`);
    await page.waitForURL(/\/hub\/spawn-pending\/bea\/late/, { timeout: 30_000 });
    const heading = page.getByRole('heading', { name: 'Your server did not start' });
    await heading.waitFor({ timeout: 60_000 });
    const cause = (await page.locator('#progress-error').textContent()) ?? '';
    expect(cause).not.toMatch(/spawn failed/i);
    expect(cause.length).toBeGreaterThan(0);
    expect(await page.getByRole('progressbar').isHidden()).toBe(true);
    expect(await page.getByRole('link', { name: 'Try again' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Stop' }).isVisible()).toBe(false);
    await chromium.screenshot(page, 'home-5-spawn-failed');
    await page.close();
  }, 120_000);

  it('says once why a start failed at once', async () => {
    const page = await home('ines');
    await page.goto(`${hub.publicUrl}/hub/spawn/ines/broken`);
    await page.getByRole('heading').first().waitFor();
    await chromium.screenshot(page, 'home-6-spawn-failed-at-once');
    const text = await page.locator('main').innerText();
    expect(text.match(/spawn failed/gi)?.length ?? 0).toBeLessThanOrEqual(1);
    await page.close();
  }, 60_000);
});
