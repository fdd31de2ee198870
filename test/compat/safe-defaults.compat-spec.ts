import { type ChildProcess, spawn } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SHARED_USER_BIND_MESSAGE } from '../../apps/hub/src/shared-user-check';
import { freePort } from '../contracts/proxy/peers';
import { stopGroup, waitForHub } from './fixtures/jupyterhub-process';

/**
 * The built `orrery start` with no config file, run as a user that is not root (`nobody`
 * through setpriv when the tests run as root): it refuses to listen on every interface while
 * all servers would share that user, and on loopback it keeps its state in a 0700 data dir under
 * the user's home, never in the working directory.
 */
const MAIN = path.resolve(__dirname, '../../dist/apps/hub/src/main.js');
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

function runAsUser(dir: string, env: Record<string, string>): ChildProcess {
  const node = [process.execPath, MAIN, 'start'];
  const [command, ...args] = asRoot
    ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...node]
    : node;
  return spawn(command, args, {
    cwd: path.join(dir, 'cwd'),
    detached: true,
    env: { PATH: process.env.PATH ?? '', HOME: path.join(dir, 'home'), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function collect(child: ChildProcess): () => string {
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return () => output;
}

describe('orrery start, not root, with the defaults', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'orrery-safe-defaults-'));
    for (const sub of ['home', 'cwd']) {
      mkdirSync(path.join(dir, sub));
      if (asRoot) chownSync(path.join(dir, sub), NOBODY, NOBODY);
    }
    if (asRoot) chownSync(dir, NOBODY, NOBODY);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses the all-interfaces bind_url, says the safe options and exits 1', async () => {
    const child = runAsUser(dir, {});
    const output = collect(child);
    const status = await new Promise((resolve) => child.once('exit', resolve));
    expect(status).toBe(1);
    expect(output()).toContain(
      `orrery: Invalid configuration (1 problem):\n  (defaults): JupyterHub.bind_url: http://:8000 ${SHARED_USER_BIND_MESSAGE}`,
    );
    // refused before anything was written
    expect(existsSync(path.join(dir, 'home', '.local'))).toBe(false);
  });

  it('starts on loopback and keeps its files in ~/.local/share/orrery (0700), not in the working directory', async () => {
    const [publicPort, hubPort] = [await freePort(), await freePort()];
    const child = runAsUser(dir, {
      ORRERY_JUPYTERHUB__BIND_URL: `http://127.0.0.1:${publicPort}`,
      ORRERY_JUPYTERHUB__HUB_BIND_URL: `http://127.0.0.1:${hubPort}`,
    });
    const output = collect(child);
    try {
      await waitForHub(`http://127.0.0.1:${publicPort}/hub/api/`, child).catch((error: Error) => {
        throw new Error(`${error.message}\n${output()}`);
      });
      const data = path.join(dir, 'home', '.local', 'share', 'orrery');
      expect(statSync(data).mode & 0o777).toBe(0o700);
      expect(readdirSync(data)).toEqual(
        expect.arrayContaining(['jupyterhub.sqlite', 'jupyterhub_cookie_secret']),
      );
      expect(statSync(path.join(data, 'jupyterhub_cookie_secret')).mode & 0o077).toBe(0);
      expect(readdirSync(path.join(dir, 'cwd'))).toEqual([]);
    } finally {
      await stopGroup(child);
    }
  }, 60_000);
});
