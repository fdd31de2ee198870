import { type RunningOrrery, startOrrery } from '../compat/fixtures/orrery-process';
import { freePort } from '../contracts/proxy/peers';
import { GitHubIdp } from '../fixtures/github/github-idp';
import { type RunningOidc, startOidc } from '../fixtures/oidc/oidc-process';
import { type RunningBrowser, launchChromium } from './fixtures/chromium';
import { SINGLEUSER } from './fixtures/lab-hub';

/**
 * Signing in with GitHub (the GitHub fixture) and with an OpenID Provider (oidc-provider) in
 * Chromium: the login page's button, the provider's sign-in form, back to the hub and into
 * JupyterLab (the real one, from .venv/singleuser); a refused account sees the hub's page.
 */
let chromium: RunningBrowser;
beforeAll(async () => {
  chromium = await launchChromium();
}, 30_000);
afterAll(() => chromium?.close(), 30_000);

/** A new browser (no cookies) from the hub's login page through the provider's form as `login`. */
async function signIn(hub: RunningOrrery, service: RegExp, login: string, label: string) {
  const context = await chromium.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${hub.publicUrl}/hub/login`);
  await chromium.screenshot(page, `${label}-1-login`);
  await page.getByRole('link', { name: service }).click();
  await page.getByRole('textbox').fill(login);
  await chromium.screenshot(page, `${label}-2-provider`);
  await page.getByRole('button', { name: /sign in/i }).click();
  return { context, page };
}

describe('sign in with GitHub, in Chromium', () => {
  let hub: RunningOrrery;
  const github = new GitHubIdp(
    { client_id: 'orrery-browser', client_secret: 's3', callback_url: '' },
    [
      { id: 7, login: 'ada', orgs: ['analytical'] },
      { id: 8, login: 'linus' },
    ],
  );

  beforeAll(async () => {
    await github.start();
    hub = await startOrrery({
      cmd: [SINGLEUSER],
      extra: {
        JupyterHub: { authenticator_class: 'github' },
        Authenticator: { allow_all: false },
        GitHubOAuthenticator: {
          client_id: 'orrery-browser',
          client_secret: 's3',
          github_url: github.url,
          allowed_organizations: ['analytical'],
        },
        Spawner: { default_url: '/lab' },
      },
    });
    github.app.callback_url = `${hub.publicUrl}/hub/oauth_callback`;
  }, 60_000);

  afterAll(async () => {
    await hub?.stop();
    await github.stop();
  }, 30_000);

  it('takes an organisation member to JupyterLab', async () => {
    const { context, page } = await signIn(hub, /sign in with github/i, 'ada', 'github-ada');
    await page.waitForURL(/\/user\/ada\/lab/, { timeout: 60_000 });
    await page.locator('.jp-LauncherCard').first().waitFor({ timeout: 60_000 });
    await chromium.screenshot(page, 'github-ada-3-jupyterlab');
    await context.close();
  }, 180_000);

  it('shows an outsider why they cannot sign in', async () => {
    const { context, page } = await signIn(hub, /sign in with github/i, 'linus', 'github-linus');
    await page.getByText(/not allowed to use this hub/i).waitFor();
    await chromium.screenshot(page, 'github-linus-3-refused');
    expect(page.url()).toContain('/hub/oauth_callback');
    await context.close();
  }, 60_000);
});

describe('sign in with an OpenID Provider, in Chromium', () => {
  let hub: RunningOrrery;
  let oidc: RunningOidc;

  beforeAll(async () => {
    const port = await freePort();
    hub = await startOrrery({
      cmd: [SINGLEUSER],
      extra: {
        JupyterHub: { authenticator_class: 'oauth2' },
        Authenticator: { allow_all: false, manage_groups: true },
        GenericOAuthenticator: {
          client_id: 'orrery-browser',
          client_secret: 'oidc-s3',
          oidc_issuer: `http://127.0.0.1:${port}`,
          scope: ['openid', 'profile', 'groups'],
          username_claim: 'preferred_username',
          allowed_groups: ['students'],
          login_service: 'Campus ID',
        },
        Spawner: { default_url: '/lab' },
      },
    });
    oidc = await startOidc({
      port,
      clients: [
        {
          client_id: 'orrery-browser',
          client_secret: 'oidc-s3',
          redirect_uris: [`${hub.publicUrl}/hub/oauth_callback`],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      accounts: {
        'sub-ines': { preferred_username: 'ines', groups: ['students'] },
        'sub-pia': { preferred_username: 'pia', groups: ['visitors'] },
      },
    });
  }, 60_000);

  afterAll(async () => {
    await hub?.stop();
    await oidc?.stop();
  }, 30_000);

  it('takes a member of allowed_groups to JupyterLab', async () => {
    const { context, page } = await signIn(hub, /sign in with campus id/i, 'sub-ines', 'oidc-ines');
    await page.waitForURL(/\/user\/ines\/lab/, { timeout: 60_000 });
    await page.locator('.jp-LauncherCard').first().waitFor({ timeout: 60_000 });
    await chromium.screenshot(page, 'oidc-ines-3-jupyterlab');
    await context.close();
  }, 180_000);

  it('shows a non-member why they cannot sign in', async () => {
    const { context, page } = await signIn(hub, /sign in with campus id/i, 'sub-pia', 'oidc-pia');
    await page.getByText(/not allowed to use this hub/i).waitFor();
    await chromium.screenshot(page, 'oidc-pia-3-refused');
    await context.close();
  }, 60_000);
});
