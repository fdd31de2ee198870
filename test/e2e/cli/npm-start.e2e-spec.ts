import * as fs from 'node:fs';
import * as path from 'node:path';
import { BrowserSession } from '../../compat/fixtures/browser-session';
import { freePort } from '../../contracts/proxy/peers';
import { childEnv, ensureBuilt, ROOT, Running, startUntil, tempDir } from './built-bins';

/**
 * The README's first command, `npm start`, as a newcomer runs it (here on free ports of
 * 127.0.0.1, with its data and homes in a temp dir): it starts the hub on its embedded defaults,
 * the first login registers and lands in a running jupyterhub-singleuser, and a second start
 * with nothing changed does not rebuild.
 */
jest.setTimeout(420_000);

let dir: string;
let hub: Running | undefined;
beforeAll(() => {
  ensureBuilt();
  dir = tempDir('npm-start');
  // as root the servers run under their own uids, which must reach their homes through dir
  fs.chmodSync(dir, 0o711);
});
afterEach(() => hub?.stop());
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function npmStart(publicPort: number): Promise<Running> {
  const env = childEnv({
    // the e2e project quiets hubs to warnings; the start line is what this waits for
    ORRERY_LOG_LEVEL: 'info',
    ORRERY_JUPYTERHUB__BIND_URL: `http://127.0.0.1:${publicPort}`,
    ORRERY_JUPYTERHUB__HUB_BIND_URL: `http://127.0.0.1:${await freePort()}`,
    ORRERY_JUPYTERHUB__DATA_DIR: path.join(dir, 'data'),
    ORRERY_LOCALPROCESSSPAWNER__HOME_DIR_TEMPLATE: path.join(dir, 'home', '{username}'),
  });
  // a cold start may build and make the Python env: minutes, not the default 60 s
  return startUntil('npm', ['start'], /Orrery is running at/, { cwd: ROOT, env, waitMs: 300_000 });
}

async function serverAnswers(session: BrowserSession, user: string): Promise<number> {
  for (let attempt = 0; attempt < 120; attempt += 1) {
    const visit = await session.visit(`/user/${user}/api/status`);
    if (visit.status === 200) return visit.status;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return 0;
}

it('starts the hub, registers the first login and runs its server; a warm start does not rebuild', async () => {
  const port = await freePort();
  hub = await npmStart(port);
  expect(hub.output()).toMatch(/setup: (building|build is up to date)/);

  const session = new BrowserSession(`http://127.0.0.1:${port}`);
  await session.visit('/hub/login');
  const xsrf = session.xsrfToken();
  await session.visit('/hub/login', {
    username: 'newcomer',
    password: 'first-hour-pw',
    _xsrf: xsrf,
  });
  expect(await serverAnswers(session, 'newcomer')).toBe(200);
  // servers outlive the hub by design: this one is stopped through the API, as a user would
  const stopped = await session.api('/hub/api/users/newcomer/server', 'DELETE');
  expect([202, 204]).toContain(stopped.status);
  await hub.stop();

  hub = await npmStart(port);
  expect(hub.output()).toContain('setup: build is up to date');
  expect(hub.output()).not.toContain('setup: building');
});
