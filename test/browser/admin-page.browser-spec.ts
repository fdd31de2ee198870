import type { BrowserContext, Page } from 'playwright-core';
import type { RunningOrrery } from '../compat/fixtures/orrery-process';
import type { RunningBrowser } from './fixtures/chromium';
import { labHubInChromium } from './fixtures/lab-hub';

/**
 * The admin page in Chromium: an admin does each of its actions and the hub's API (the compat
 * service's token) confirms the effect; a user without `admin-ui` gets the 403 page.
 */
const PASSWORD = 'browser-password-1';

interface UserModel {
  name: string;
  admin: boolean;
  servers?: Record<string, { ready: boolean; pending: string | null }>;
}

describe('the admin page, in Chromium', () => {
  let hub: RunningOrrery;
  let chromium: RunningBrowser;
  labHubInChromium(
    {
      Spawner: { default_url: '/lab' },
      Authenticator: { allow_all: true, admin_users: ['root'] },
      JupyterHub: { allow_named_servers: true },
    },
    (started) => ({ hub, chromium } = started),
  );

  async function api(method: string, url: string, body?: object): Promise<Response> {
    return fetch(`${hub.hubUrl}/hub/api${url}`, {
      method,
      headers: { Authorization: `token ${hub.serviceToken}`, 'Content-Type': 'application/json' },
      body: body && JSON.stringify(body),
    });
  }

  async function userModel(name: string): Promise<UserModel | null> {
    const response = await api('GET', `/users/${name}?include_stopped_servers`);
    return response.status === 404 ? null : ((await response.json()) as UserModel);
  }

  async function until(check: () => Promise<boolean>): Promise<void> {
    for (let attempt = 0; attempt < 120; attempt++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error('the expected state never came');
  }

  async function logIn(name: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${hub.publicUrl}/hub/login?next=%2Fhub%2Fhome`);
    await page.getByLabel('Username').fill(name);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForURL(/\/hub\/home/);
    return { context, page };
  }

  const row = (page: Page, user: string, server = '') =>
    page.locator(`#admin-user-table tr[data-user="${user}"][data-server="${server}"]`);

  it('answers a user without admin-ui with the 403 page', async () => {
    const { context, page } = await logIn('learner');
    const response = await page.goto(`${hub.publicUrl}/hub/admin`);
    expect(response?.status()).toBe(403);
    await chromium.screenshot(page, 'admin-00-forbidden');
    await context.close();
  }, 60_000);

  it('lets an admin add, find, start, stop, inspect, edit and delete users and servers', async () => {
    const { context, page } = await logIn('root');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${hub.publicUrl}/hub/admin`);
    await row(page, 'root').waitFor();
    await chromium.screenshot(page, 'admin-01-users');

    await page.getByLabel('Names').fill('ann\nbea, cy');
    await page.getByRole('button', { name: 'Add users' }).click();
    await row(page, 'cy').waitFor();
    for (const name of ['ann', 'bea', 'cy']) expect(await userModel(name)).not.toBeNull();
    await chromium.screenshot(page, 'admin-02-added');

    await page.getByLabel('Search by name').fill('ann');
    await row(page, 'bea').waitFor({ state: 'detached' });
    await expect(row(page, 'ann').isVisible()).resolves.toBe(true);
    await expect(page.locator('#admin-page-info').innerText()).resolves.toMatch(/of 1 users/);
    await chromium.screenshot(page, 'admin-03-search');

    await page.getByRole('button', { name: 'Start ann', exact: true }).click();
    await until(async () => (await userModel('ann'))?.servers?.['']?.ready === true);
    await page.getByRole('button', { name: 'Stop ann', exact: true }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Only active servers').check();
    await row(page, 'ann').waitFor();
    await chromium.screenshot(page, 'admin-04-running');
    await page.getByRole('button', { name: 'Stop ann', exact: true }).click();
    await until(async () => !(await userModel('ann'))?.servers?.['']?.ready);
    await row(page, 'ann').waitFor({ state: 'detached' });
    await page.getByLabel('Only active servers').uncheck();

    // a named server the user made and stopped: the admin sees its row and deletes it
    expect((await api('POST', '/users/bea/servers/nb', {})).status).toBeLessThan(300);
    await until(async () => (await userModel('bea'))?.servers?.nb?.ready === true);
    expect((await api('DELETE', '/users/bea/servers/nb')).status).toBeLessThan(300);
    await until(async () => !(await userModel('bea'))?.servers?.nb?.ready);
    await page.getByLabel('Search by name').fill('bea');
    await row(page, 'bea', 'nb').waitFor();
    await page.getByRole('button', { name: 'Details bea', exact: true }).click();
    // the model comes from the API after the click: wait for it rather than read at once
    await page.getByLabel('Full model of bea').filter({ hasText: '"name"' }).waitFor();
    await chromium.screenshot(page, 'admin-05-named-server-and-details');
    await page.getByRole('button', { name: 'Delete server bea/nb' }).click();
    await row(page, 'bea', 'nb').waitFor({ state: 'detached' });
    expect((await userModel('bea'))?.servers?.nb).toBeUndefined();

    await page.getByRole('button', { name: 'Edit user bea' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit user' });
    await edit.getByLabel('Name', { exact: true }).fill('bee');
    await edit.getByLabel('Admin', { exact: true }).check();
    await chromium.screenshot(page, 'admin-06-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await until(async () => (await userModel('bee'))?.admin === true);
    expect(await userModel('bea')).toBeNull();

    await page.getByLabel('Search by name').fill('cy');
    await page.getByRole('button', { name: 'Edit user cy' }).click();
    await page.getByRole('button', { name: 'Delete user' }).click();
    await until(async () => (await userModel('cy')) === null);
    await chromium.screenshot(page, 'admin-07-deleted');
    await context.close();
  }, 180_000);

  it('lets an admin create a group, change its members and properties, and delete it', async () => {
    const { context, page } = await logIn('root');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${hub.publicUrl}/hub/admin`);
    // the compat service may not read groups: ask as the admin, outside the page's own code
    // the token the page's own scripts use (only in the _xsrf cookie, never in the HTML)
    const xsrf = await page.evaluate<string>('window.orreryXsrf.token()');
    const group = () =>
      page.evaluate(
        async ({ url, token }) => {
          const response = await fetch(url, {
            headers: { Accept: 'application/json', 'X-XSRFToken': token },
          });
          if (response.status === 404) return null;
          if (!response.ok) throw new Error(`${response.status} reading the group`);
          return (await response.json()) as { users: string[]; properties: object };
        },
        { url: `${hub.publicUrl}/hub/api/groups/tas`, token: xsrf },
      );
    await page.getByLabel('New group').fill('tas');
    await page.getByRole('button', { name: 'Create group' }).click();
    await page.locator('li[data-group="tas"]').waitFor();
    expect(await group()).not.toBeNull();
    await page.getByLabel('Members to add or remove in tas').fill('ann root');
    await page.getByRole('button', { name: 'Add members to tas' }).click();
    await until(async () => (await group())?.users.length === 2);
    await page.getByLabel('Members to add or remove in tas').fill('root');
    await page.getByRole('button', { name: 'Remove members from tas' }).click();
    await until(async () => JSON.stringify((await group())?.users) === '["ann"]');
    await page.getByLabel('Properties of tas (JSON)').fill('{"course": "cs101"}');
    await page.getByRole('button', { name: 'Save properties of tas' }).click();
    await until(async () => JSON.stringify((await group())?.properties) === '{"course":"cs101"}');
    await page.locator('li[data-group="tas"]').getByText('Members: ann').waitFor();
    await chromium.screenshot(page, 'admin-08-groups');
    await page.getByRole('button', { name: 'Delete group tas' }).click();
    await until(async () => (await group()) === null);
    await context.close();
  }, 120_000);

  it('starts and stops every server of the page, then shuts the hub down', async () => {
    const { context, page } = await logIn('root');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${hub.publicUrl}/hub/admin`);
    await page.getByLabel('Search by name').fill('ann');
    await row(page, 'ann').waitFor();
    await page.getByRole('button', { name: 'Start all (this page)' }).click();
    await until(async () => (await userModel('ann'))?.servers?.['']?.ready === true);
    await page.getByRole('button', { name: 'Stop ann', exact: true }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Stop all (this page)' }).click();
    await until(async () => !(await userModel('ann'))?.servers?.['']?.ready);
    await page.getByRole('button', { name: 'Shut down the hub' }).click();
    await page.getByText(/shutting down/i).waitFor();
    await until(async () => {
      try {
        await api('GET', '/');
        return false;
      } catch {
        return true;
      }
    });
    await chromium.screenshot(page, 'admin-09-shutdown');
    await context.close();
  }, 180_000);
});
