import { randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { type RunningOrrery, startOrrery } from '../compat/fixtures/orrery-process';
import { type RunningBrowser, launchChromium } from './fixtures/chromium';
import { lowContrastTexts } from './fixtures/contrast';
import { SINGLEUSER } from './fixtures/lab-hub';

/**
 * The pages a newcomer meets in the first hour, in Chromium: the token page (API tokens apart
 * from authorised applications, relative times, folded scopes, errors that replace the success
 * box), the OAuth confirmation page with its stylesheet, and no page wider than a phone or a
 * 1280 px screen, none with text below WCAG AA contrast or a console error.
 */
const SECRET = randomBytes(16).toString('hex');
const PASSWORD = 'first-hour-password';

let chromium: RunningBrowser;
let hub: RunningOrrery;
let callback: Server;
const codes: string[] = [];

function callbackUrl(): string {
  return `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
}

beforeAll(async () => {
  callback = createServer((request, response) => {
    const code = new URL(request.url ?? '/', 'http://x').searchParams.get('code');
    if (code) codes.push(code);
    response.end('signed in');
  });
  await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
  hub = await startOrrery({
    cmd: [SINGLEUSER],
    // every user may sign in to the service (the fixture's compat service needs no role here)
    extra: {
      JupyterHub: {
        load_roles: [{ name: 'user', scopes: ['self', 'access:services!service=viewer'] }],
      },
      // the width and contrast checks take the admin page too
      Authenticator: { admin_users: ['wide375', 'wide1280'] },
    },
    services: [
      {
        name: 'viewer',
        api_token: SECRET,
        oauth_client_id: 'service-viewer',
        oauth_redirect_uri: callbackUrl(),
      },
    ],
  });
  chromium = await launchChromium();
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  await hub?.stop();
  await new Promise((resolve) => callback?.close(resolve));
}, 30_000);

/** A page that fails the test on any console error (a blocked stylesheet, a script error). */
async function watchedPage(width = 1280): Promise<{ page: Page; errors: string[] }> {
  const context = await chromium.browser.newContext({ viewport: { width, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`${response.status()} ${response.url()}`);
  });
  return { page, errors };
}

async function logIn(page: Page, name: string): Promise<void> {
  await page.goto(`${hub.publicUrl}/hub/login`);
  await page.getByLabel('Username').fill(name);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.waitForURL(/\/hub\/(home|spawn)/);
}

async function overflow(page: Page): Promise<number> {
  // a string: the test is compiled without the DOM's types
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

function authorizeUrl(): string {
  const query = new URLSearchParams({
    client_id: 'service-viewer',
    redirect_uri: callbackUrl(),
    response_type: 'code',
    state: 'first-hour',
  });
  return `${hub.publicUrl}/hub/api/oauth2/authorize?${query}`;
}

/** The service's side of the OAuth dance: trade the code for a token, as HubOAuth does. */
async function redeem(code: string): Promise<void> {
  const response = await fetch(`${hub.publicUrl}/hub/api/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: 'service-viewer',
      client_secret: SECRET,
      grant_type: 'authorization_code',
      code,
      redirect_uri: callbackUrl(),
    }),
  });
  expect(response.status).toBe(200);
}

describe('the token page, in Chromium', () => {
  it('lists API tokens apart from authorised applications, and revokes an application', async () => {
    const { page, errors } = await watchedPage();
    await logIn(page, 'tia');
    await page.goto(`${hub.publicUrl}/hub/token`);
    await page.getByLabel('Note').fill('laptop');
    await page.getByLabel('Scopes').fill('read:users:name!user');
    await page.getByRole('button', { name: 'Request new API token' }).click();
    await page.locator('#new-token-value').filter({ hasText: /\S/ }).waitFor();
    const row = page.locator('#token-list tbody tr').filter({ hasText: 'laptop' });
    await row.waitFor();
    const created = row.locator('time').first();
    expect(await created.textContent()).toBe('just now');
    expect(await created.getAttribute('title')).toMatch(/\d/);
    const summary = row.locator('summary');
    expect(await summary.textContent()).toMatch(/^\d+ scopes?$/);
    await summary.click();
    expect(await row.locator('.scope-list').textContent()).toContain('read:users:name!user=tia');
    await chromium.screenshot(page, 'first-hour-token-created');

    // an error replaces the success box; the message is the API's, as it is
    await page.getByLabel('Scopes').fill('no-such-scope');
    await page.getByRole('button', { name: 'Request new API token' }).click();
    const error = page.locator('#token-error');
    await error.waitFor();
    expect(await page.locator('#new-token').isHidden()).toBe(true);
    // the API quotes this message whole, as JupyterHub does (a Python KeyError): the page does not
    expect(await error.textContent()).toBe("Scope 'no-such-scope' for token does not exist");
    await chromium.screenshot(page, 'first-hour-token-error');

    // an application authorised through OAuth: its confirmation page is styled
    await page.goto(authorizeUrl());
    const background = await page.evaluate<string>(
      'getComputedStyle(document.body).backgroundColor',
    );
    expect(background).toBe('rgb(245, 247, 250)');
    await chromium.screenshot(page, 'first-hour-oauth-confirm');
    await page.getByRole('button', { name: 'Authorize' }).click();
    await page.waitForURL(/\/callback\?/);
    await redeem(codes[codes.length - 1]);

    await page.goto(`${hub.publicUrl}/hub/token`);
    const app = page.locator('#client-list tbody tr');
    await app.first().waitFor();
    expect(await app.count()).toBe(1);
    expect(await app.textContent()).toContain('viewer');
    const apiTokens = page.locator('#token-list tbody');
    expect(await apiTokens.textContent()).toContain('laptop');
    expect(await apiTokens.textContent()).not.toContain('viewer');
    await chromium.screenshot(page, 'first-hour-token-apps');
    await app.getByRole('button', { name: /revoke/i }).click();
    await page.locator('#no-clients').waitFor();
    expect(await apiTokens.textContent()).toContain('laptop');
    expect(errors.filter((text) => !/\b400\b/.test(text))).toEqual([]);
    await page.context().close();
  }, 90_000);
});

describe('page widths and contrast, in Chromium', () => {
  const pages = ['/hub/login', '/hub/home', '/hub/token', '/hub/admin', '/hub/no-such-page'];

  it.each([375, 1280])(
    'fits every page into %i px, with WCAG AA contrast and without console errors',
    async (width) => {
      const { page, errors } = await watchedPage(width);
      await logIn(page, `wide${width}`);
      for (const path of pages) {
        await page.goto(`${hub.publicUrl}${path}`);
        await page.waitForLoadState('networkidle');
        await chromium.screenshot(page, `first-hour-${width}${path.replace(/\//g, '-')}`);
        expect({ path, overflow: await overflow(page) }).toEqual({ path, overflow: 0 });
        expect({ path, low: await lowContrastTexts(page) }).toEqual({ path, low: [] });
      }
      await page.goto(authorizeUrl());
      expect(await overflow(page)).toBe(0);
      expect(errors.filter((text) => !/\b404\b/.test(text))).toEqual([]);
      await page.context().close();
    },
    90_000,
  );
});
