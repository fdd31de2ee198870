import type { Page } from 'playwright-core';
import { type RunningHub, startHub } from '../compat/fixtures/jupyterhub-process';
import { type RunningOrrery, startOrrery } from '../compat/fixtures/orrery-process';
import { peerCommand } from '../contracts/proxy/peers';
import { type RunningBrowser, launchChromium } from './fixtures/chromium';
import { SINGLEUSER } from './fixtures/lab-hub';

/**
 * The same walk through the pages on the real JupyterHub 6 (.venv/jupyterhub, with CHP) and on
 * Orrery, saving `test-results/browser/beside-<hub>-<page>.png` for the side-by-side comparison:
 * login, home, spawn-pending, token, 404, and another user's server. Each page answers with
 * JupyterHub's status; Orrery's keep the signed-in name in the nav where JupyterHub's lose it.
 */
const USER = 'lin';
const PASSWORD = 'beside-jupyterhub-pw';

interface Walked {
  page: string;
  status: number;
  signedIn: boolean;
}

let chromium: RunningBrowser;
let jupyterhub: RunningHub;
let orrery: RunningOrrery;

beforeAll(async () => {
  jupyterhub = await startHub({
    proxyCommand: [process.execPath, ...peerCommand('chp')],
    username: USER,
    password: PASSWORD,
  });
  orrery = await startOrrery({ cmd: [SINGLEUSER], extra: { Spawner: { default_url: '/lab' } } });
  chromium = await launchChromium();
}, 90_000);

afterAll(async () => {
  await chromium?.close();
  await jupyterhub?.stop();
  await orrery?.stop();
}, 30_000);

async function visit(page: Page, hub: string, base: string, name: string, path: string) {
  const response = await page.goto(`${base}${path}`);
  await page.waitForLoadState('networkidle');
  await chromium.screenshot(page, `beside-${hub}-${name}`);
  const signedIn = (await page.locator('body').innerText()).includes(USER);
  return { page: name, status: response?.status() ?? 0, signedIn };
}

/** Login, the pages, the start of a server (its progress page), as a newcomer walks them. */
async function walk(hub: string, base: string): Promise<Walked[]> {
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const walked: Walked[] = [];
  await page.goto(`${base}/hub/login`);
  await chromium.screenshot(page, `beside-${hub}-login`);
  await page.locator('input[name=username]').fill(USER);
  await page.locator('input[name=password]').fill(PASSWORD);
  await page.locator('form [type=submit]').click();
  // both send a fresh login to the spawn page, which starts the server and shows its progress
  await page.waitForURL(/\/(hub\/spawn-pending|user)\//, { timeout: 60_000 });
  await chromium.screenshot(page, `beside-${hub}-spawn-pending`);
  await page.waitForURL(new RegExp(`/user/${USER}/`), { timeout: 60_000 });
  walked.push(await visit(page, hub, base, 'home', '/hub/home'));
  walked.push(await visit(page, hub, base, 'token', '/hub/token'));
  walked.push(await visit(page, hub, base, 'not-found', '/hub/no-such-page'));
  walked.push(await visit(page, hub, base, 'other-server', '/hub/user/somebody-else/'));
  await context.close();
  return walked;
}

it('walks the same pages with the same answers as JupyterHub 6', async () => {
  const theirs = await walk('jupyterhub', jupyterhub.publicUrl);
  const ours = await walk('orrery', orrery.publicUrl);
  const statuses = (walked: Walked[]) => walked.map(({ page, status }) => ({ page, status }));
  expect(statuses(theirs)).toEqual([
    { page: 'home', status: 200 },
    { page: 'token', status: 200 },
    { page: 'not-found', status: 404 },
    { page: 'other-server', status: 404 },
  ]);
  expect(statuses(ours)).toEqual(statuses(theirs));
  // JupyterHub's error pages lose the signed-in nav; Orrery's keep it on every page
  expect(theirs.filter((walked) => walked.signedIn).map((walked) => walked.page)).toEqual([
    'home',
    'token',
  ]);
  expect(ours.every((walked) => walked.signedIn)).toBe(true);
}, 240_000);
