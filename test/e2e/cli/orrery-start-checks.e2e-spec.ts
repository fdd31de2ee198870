import * as fs from 'node:fs';
import { createServer, type Server } from 'node:net';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../contracts/proxy/peers';
import { childEnv, ensureBuilt, ORRERY_BIN, ROOT, run, startUntil, tempDir } from './built-bins';

/**
 * What `orrery start` says before it serves (issue 17): a port in use stops it with the address
 * and the key that moves it, before anything listens; the start-up log names the
 * jupyterhub-singleuser servers will run, the checkout's prepared one first, and warns about
 * one older than the hub supports.
 */
jest.setTimeout(120_000);

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = tempDir('start-checks');
  // as root the servers' uids must reach Spawner.cmd below it
  fs.chmodSync(dir, 0o755);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function configWith(extra: Record<string, Record<string, unknown>> = {}) {
  const [publicPort, hubPort] = [await freePort(), await freePort()];
  const config = {
    ...extra,
    JupyterHub: {
      bind_url: `http://127.0.0.1:${publicPort}`,
      hub_bind_url: `http://127.0.0.1:${hubPort}`,
      data_dir: path.join(dir, `data-${publicPort}`),
      ...(extra.JupyterHub ?? {}),
    },
  };
  const file = path.join(dir, `orrery-${publicPort}.yaml`);
  fs.writeFileSync(file, stringify(config));
  return { file, publicPort, hubPort };
}

function listenOn(port: number): Promise<Server> {
  const server = createServer();
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

it('stops before anything listens when the public port is in use, naming it and its key', async () => {
  const { file, publicPort, hubPort } = await configWith();
  const squatter = await listenOn(publicPort);
  try {
    const ran = await run(ORRERY_BIN, ['start', '--config', file], { cwd: dir });
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(
      `127.0.0.1:${publicPort} (JupyterHub.bind_url) is already in use: another hub may be running there`,
    );
    // nothing else was opened: the hub API's port is still free
    await new Promise((resolve) => listenOn(hubPort).then((free) => free.close(resolve)));
    expect(fs.existsSync(path.join(dir, `data-${publicPort}`, 'jupyterhub.sqlite'))).toBe(false);
  } finally {
    await new Promise((resolve) => squatter.close(resolve));
  }
});

it("names the checkout's prepared jupyterhub-singleuser, or warns about an old one", async () => {
  const prepared = path.join(ROOT, '.venv/singleuser/bin/jupyterhub-singleuser');
  if (fs.existsSync(prepared)) {
    const { file } = await configWith();
    const hub = await startUntil(ORRERY_BIN, ['start', '--config', file], /Orrery is running/, {
      cwd: dir,
      env: childEnv({ ORRERY_LOG_LEVEL: 'log', PATH: '/usr/bin:/bin' }),
    });
    await hub.stop();
    expect(hub.output()).toMatch(
      new RegExp(`servers run ${prepared.replace(/[.]/g, '\\.')} \\(jupyterhub \\d+\\.\\d+`),
    );
  }
  // an old Debian-style jupyterhub-singleuser named by Spawner.cmd
  const old = path.join(dir, 'old-venv/bin');
  fs.mkdirSync(old, { recursive: true });
  fs.writeFileSync(path.join(old, 'python'), '#!/bin/sh\necho 3.0.0\n', { mode: 0o755 });
  fs.writeFileSync(path.join(old, 'jupyterhub-singleuser'), `#!${old}/python\n`, { mode: 0o755 });
  const { file } = await configWith({
    Spawner: { cmd: [path.join(old, 'jupyterhub-singleuser')] },
  });
  const hub = await startUntil(ORRERY_BIN, ['start', '--config', file], /Orrery is running/, {
    cwd: dir,
    env: childEnv({ ORRERY_LOG_LEVEL: 'log' }),
  });
  await hub.stop();
  expect(hub.output()).toContain('(jupyterhub 3.0.0), older than the 4.1 this hub supports');
});
