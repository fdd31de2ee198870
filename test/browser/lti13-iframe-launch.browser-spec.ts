import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type RunningOrrery, startOrrery } from '../compat/fixtures/orrery-process';
import { Lti13Platform } from '../fixtures/lti13/lti13-platform';
import { type RunningBrowser, launchChromium } from './fixtures/chromium';
import { type TlsFront, startTlsFront } from './fixtures/tls-front';

/**
 * A learner opens a course page of an LTI 1.3 platform on another site; its iframe runs the
 * whole launch (login initiation, the platform's authorization, the form post of the
 * id_token) into the hub behind a TLS-terminating proxy. The state and login cookies,
 * SameSite=None and Secure, work inside the cross-site frame, which ends on the running server;
 * a refused launch shows its page in the frame (the platform is one of the frame_ancestors).
 */
const FIXTURE_SERVER = path.resolve(__dirname, '../fixtures/single-user-server.js');
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';

describe('an LTI 1.3 launch from a platform iframe, in Chromium', () => {
  let certDir: string;
  let platform: Lti13Platform;
  let hub: RunningOrrery;
  let front: TlsFront;
  let chromium: RunningBrowser;

  beforeAll(async () => {
    certDir = mkdtempSync(path.join(tmpdir(), 'orrery-lti13-tls-'));
    // the tool's URLs are those of the TLS front, known once the hub runs
    platform = await Lti13Platform.start({ loginUrl: '', redirectUri: '' }, () => new Date());
    hub = await startOrrery({
      cmd: [process.execPath, FIXTURE_SERVER],
      extra: {
        JupyterHub: { authenticator_class: 'lti13' },
        Spawner: { args: ['ok'] },
        LTI13Authenticator: {
          issuer: platform.issuer,
          client_id: platform.clientId,
          authorize_url: platform.authorizeUrl,
          jwks_endpoint: platform.jwksUrl,
          username_key: 'given_name',
          frame_ancestors: [platform.origin],
        },
      },
    });
    front = await startTlsFront(Number(new URL(hub.publicUrl).port), certDir);
    platform.registerTool({
      loginUrl: `${front.url}/hub/lti13/oauth_login`,
      redirectUri: `${front.url}/hub/lti13/oauth_callback`,
    });
    chromium = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await front?.close();
    await hub?.stop();
    await platform?.close();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  }, 30_000);

  it('logs in inside the frame and lands on the running server', async () => {
    const context = await chromium.browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const requests: string[] = [];
    page.on('response', (r) => requests.push(`${r.status()} ${r.request().method()} ${r.url()}`));
    page.on('requestfailed', (r) => requests.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
    await page.goto(
      platform.framedLaunchPage({
        user: { sub: 'learner-13', given_name: 'frame13', roles: [LEARNER] },
        context: { id: 'course-13', label: 'PHY', title: 'Physics' },
      }),
    );
    const frame = page.frameLocator('#tool');
    try {
      await frame.locator('body').getByText('"user":"frame13"').waitFor({ timeout: 30_000 });
    } catch (error) {
      // what the frame went through, and why the hub refused, say more than a timeout
      await chromium.screenshot(page, 'lti13-00-failed');
      const refusals = hub
        .output()
        .split('\n')
        .filter((line) => /refused|login failed/i.test(line));
      throw new Error([(error as Error).message, ...requests, ...refusals].join('\n'));
    }
    await chromium.screenshot(page, 'lti13-01-server-in-iframe');

    const tool = page.frames().find((candidate) => candidate.url().includes('/user/'));
    expect(tool?.url()).toMatch(/^https:\/\/localhost:\d+\/user\/frame13\//);
    expect(platform.idTokens).toHaveLength(1);
    const hubCookies = (await context.cookies(front.url)).filter((cookie) =>
      cookie.name.startsWith('jupyterhub-'),
    );
    expect(hubCookies.length).toBeGreaterThan(0);
    for (const cookie of hubCookies) {
      expect(cookie).toMatchObject({ sameSite: 'None', secure: true, httpOnly: true });
    }
    // the launch's state cookie is spent
    const cookies = await context.cookies(front.url);
    expect(cookies.filter((cookie) => cookie.name.includes('lti13-state'))).toEqual([]);
    await context.close();
  }, 90_000);

  it('shows the refusal of an expired launch inside the frame', async () => {
    const context = await chromium.browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(
      platform.framedLaunchPage({
        user: { sub: 'late-13', given_name: 'late13', roles: [LEARNER] },
        issuedAgo: 3600,
      }),
    );
    const frame = page.frameLocator('#tool');
    await frame.getByText('This launch has expired').waitFor({ timeout: 30_000 });
    await chromium.screenshot(page, 'lti13-02-expired-launch-in-iframe');
    const tool = page.frames().find((candidate) => candidate.url().includes('/hub/lti13/'));
    expect(tool?.url()).toMatch(/\/hub\/lti13\/oauth_callback$/);
    await context.close();
  }, 90_000);
});
