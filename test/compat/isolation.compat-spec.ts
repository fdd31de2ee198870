import * as path from 'node:path';
import { BrowserSession } from './fixtures/browser-session';
import { hubApi, until } from './fixtures/hub-api';
import { execute } from './fixtures/kernel-execute';
import { type RunningOrrery, startOrrery } from './fixtures/orrery-process';

/**
 * The embedded default run as root: each user's server under its own allocated uid, so code in
 * one user's notebook reaches neither the hub's state nor another user's files or processes.
 * Two users register through the first-use login page and run Python on real kernels.
 */
const SINGLEUSER = path.resolve(__dirname, '../../.venv/singleuser/bin/jupyterhub-singleuser');
const PASSWORD = 'isolation-password-1';
const asRoot = process.getuid?.() === 0;

async function login(session: BrowserSession, name: string): Promise<void> {
  await session.visit('/hub/login');
  const xsrf = session.xsrfToken();
  const done = await session.visit('/hub/login?next=%2Fhub%2Fhome', {
    username: name,
    password: PASSWORD,
    _xsrf: xsrf,
  });
  expect(done.hops.slice(0, 2)).toEqual(['POST /hub/login?next=%2Fhub%2Fhome', 'GET /hub/home']);
}

interface Servers {
  servers?: Record<string, { ready: boolean }>;
}

/** Starts the user's default server and opens a kernel on it, through the user's session. */
async function kernelOf(hub: RunningOrrery, session: BrowserSession, user: string) {
  expect([201, 202]).toContain((await hubApi(hub, 'POST', `/users/${user}/server`)).status);
  await until(`${user}'s server to be ready`, async () => {
    const model = (await hubApi<Servers>(hub, 'GET', `/users/${user}`)).json;
    return model.servers?.['']?.ready || undefined;
  });
  // the OAuth dance gives the session its cookies for the server (login and _xsrf)
  await session.visit(`/user/${user}/files/`);
  const created = await session.api(`/user/${user}/api/kernels`, 'POST', {});
  expect(created.status).toBe(201);
  const kernel = JSON.parse(created.body).id as string;
  return (code: string) => execute(hub, session, `/user/${user}/`, kernel, code, 20_000);
}

/** A Python expression's str() as the kernel's text result (the repr of a str, unquoted). */
const text = (result: string) => result.replace(/^'(.*)'$/, '$1');

(asRoot ? describe : describe.skip)(
  `Servers of the embedded default under a hub run as root${asRoot ? '' : ' (skipped: needs root, which allocates per-user uids)'}`,
  () => {
    let hub: RunningOrrery;
    let runA: (code: string) => Promise<string>;
    let runB: (code: string) => Promise<string>;

    beforeAll(async () => {
      hub = await startOrrery({
        cmd: [SINGLEUSER],
        extra: { Authenticator: { allow_all: false } },
      });
      const [a, b] = [new BrowserSession(hub.publicUrl), new BrowserSession(hub.publicUrl)];
      await login(a, 'iso-a');
      await login(b, 'iso-b');
      runA = await kernelOf(hub, a, 'iso-a');
      runB = await kernelOf(hub, b, 'iso-b');
      await runA('import os\n0');
      await runB('import os\n0');
    }, 120_000);

    afterAll(async () => {
      await hub?.stop();
    }, 30_000);

    it('runs each user under a distinct non-zero uid and gid', async () => {
      const a = text(await runA("f'{os.getuid()} {os.getgid()}'"))
        .split(' ')
        .map(Number);
      const b = text(await runB("f'{os.getuid()} {os.getgid()}'"))
        .split(' ')
        .map(Number);
      expect(a[0]).toBeGreaterThan(0);
      expect(b[0]).toBeGreaterThan(0);
      expect(a[0]).not.toBe(b[0]);
      expect(a[1]).not.toBe(b[1]);
    });

    it("keeps the database, the cookie secret and the hub's output from a user's code", async () => {
      const data = path.join(hub.dir, 'data');
      for (const file of [
        path.join(data, 'jupyterhub.sqlite'),
        path.join(data, 'jupyterhub_cookie_secret'),
        `/proc/${hub.pid()}/fd/1`,
        `/proc/${hub.pid()}/fd/2`,
        `/proc/${hub.pid()}/environ`,
      ]) {
        await expect(runA(`open(${JSON.stringify(file)}, 'rb').read(1)`)).rejects.toThrow(
          /PermissionError/,
        );
      }
      await expect(runA(`os.listdir(${JSON.stringify(data)})`)).rejects.toThrow(/PermissionError/);
    });

    it("keeps another user's home from a user's code", async () => {
      const homeB = text(await runB("os.path.expanduser('~')"));
      expect(homeB).toBe(path.join(hub.dir, 'home', 'iso-b'));
      await runB("open(os.path.expanduser('~/secret.txt'), 'w').write('b only')");
      const secret = path.join(homeB, 'secret.txt');
      await expect(runA(`open(${JSON.stringify(secret)}).read()`)).rejects.toThrow(
        /PermissionError/,
      );
      await expect(runA(`os.listdir(${JSON.stringify(homeB)})`)).rejects.toThrow(/PermissionError/);
      // the homes' parent lets each uid through to its own home but lists nobody's
      await expect(runA(`os.listdir(${JSON.stringify(path.dirname(homeB))})`)).rejects.toThrow(
        /PermissionError/,
      );
      expect(text(await runA("os.path.expanduser('~')"))).toBe(path.join(hub.dir, 'home', 'iso-a'));
    });

    it("cannot signal another user's processes", async () => {
      const pidB = Number(await runB('os.getpid()'));
      expect(pidB).toBeGreaterThan(1);
      await expect(runA(`os.kill(${pidB}, 0)`)).rejects.toThrow(/PermissionError/);
      await expect(runA(`os.kill(${hub.pid()}, 0)`)).rejects.toThrow(/PermissionError/);
    });

    it("keeps jupyter's runtime files in the user's home", async () => {
      const runtime = text(
        await runA('__import__("jupyter_core.paths").paths.jupyter_runtime_dir()'),
      );
      expect(runtime.startsWith(path.join(hub.dir, 'home', 'iso-a') + path.sep)).toBe(true);
    });
  },
);
