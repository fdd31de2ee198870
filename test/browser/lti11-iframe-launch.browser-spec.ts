import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type RunningOrrery, startOrrery } from '../compat/fixtures/orrery-process';
import { type LmsPage, startLmsPage } from '../fixtures/lti11/lms-page';
import { type RunningBrowser, launchChromium } from './fixtures/chromium';
import { type TlsFront, startTlsFront } from './fixtures/tls-front';

/**
 * A learner opens a course page of an LMS on another site; its iframe auto-submits an LTI 1.1
 * launch (signed by oauthlib) into the hub, served over HTTPS by a TLS-terminating proxy. The hub's cookies, SameSite=None and
 * Secure, work inside the cross-site frame: the frame follows the nbgitpuller-style deep link
 * through spawn to the running server.
 */
const FIXTURE_SERVER = path.resolve(__dirname, '../fixtures/single-user-server.js');
const CONSUMER = { key: 'moodle-key', secret: 'moodle-browser-secret' };

describe('an LTI 1.1 launch from an LMS iframe, in Chromium', () => {
  let certDir: string;
  let hub: RunningOrrery;
  let front: TlsFront;
  let lms: LmsPage;
  let plainLms: LmsPage;
  let chromium: RunningBrowser;

  beforeAll(async () => {
    certDir = mkdtempSync(path.join(tmpdir(), 'orrery-lti11-tls-'));
    hub = await startOrrery({
      cmd: [process.execPath, FIXTURE_SERVER],
      extra: {
        JupyterHub: { authenticator_class: 'lti11' },
        Spawner: { args: ['ok'] },
        LTI11Authenticator: {
          consumers: { [CONSUMER.key]: CONSUMER.secret },
          // the LMS page below, on a port not known yet
          frame_ancestors: ['http://127.0.0.1:*'],
        },
      },
    });
    front = await startTlsFront(Number(new URL(hub.publicUrl).port), certDir);
    lms = await startLmsPage({
      launchUrl: `${front.url}/hub/lti/launch`,
      consumer: CONSUMER,
      lms: 'moodle',
      set: { user_id: 'iframe-learner', roles: 'Learner' },
    });
    // the same hub on plain HTTP, where its cookies can only be SameSite=Lax
    plainLms = await startLmsPage({
      launchUrl: `${hub.publicUrl.replace('127.0.0.1', 'localhost')}/hub/lti/launch`,
      consumer: CONSUMER,
      lms: 'moodle',
      set: { user_id: 'cookieless-learner', roles: 'Learner' },
    });
    chromium = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await chromium?.close();
    await lms?.close();
    await plainLms?.close();
    await front?.close();
    await hub?.stop();
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  }, 30_000);

  it('logs in inside the frame and lands on the deep link of the running server', async () => {
    const context = await chromium.browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await page.goto(lms.courseUrl);
    const frame = page.frameLocator('#tool');
    await frame.locator('body').getByText('"user":"iframe-learner"').waitFor({ timeout: 30_000 });
    await chromium.screenshot(page, 'lti11-01-server-in-iframe');

    const tool = page.frames().find((candidate) => candidate.url().includes('/user/'));
    expect(tool?.url()).toMatch(
      /^https:\/\/localhost:\d+\/user\/iframe-learner\/git-pull\?repo=https/,
    );
    expect(await tool?.locator('body').innerText()).toContain(
      '"path":"/user/iframe-learner/git-pull"',
    );
    const hubCookies = (await context.cookies(front.url)).filter((cookie) =>
      cookie.name.startsWith('jupyterhub-'),
    );
    expect(hubCookies.length).toBeGreaterThan(0);
    for (const cookie of hubCookies) {
      expect(cookie).toMatchObject({ sameSite: 'None', secure: true, httpOnly: true });
    }
    await context.close();
  }, 90_000);

  it('when the frame cannot keep the hub cookie, ends on a page that says to open a new window', async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await page.goto(plainLms.courseUrl);
    const frame = page.frameLocator('#tool');
    await frame.getByText('open in a new window').waitFor({ timeout: 30_000 });
    await chromium.screenshot(page, 'lti11-02-cookie-blocked-in-iframe');
    const tool = page.frames().find((candidate) => candidate.url().includes('/hub/'));
    expect(tool?.url()).toMatch(/^http:\/\/localhost:\d+\/hub\/lti\/launch/);
    await context.close();
  }, 90_000);
});
