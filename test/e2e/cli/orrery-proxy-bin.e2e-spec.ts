import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { freePort } from '../../contracts/proxy/peers';
import { childEnv, ensureBuilt, PROXY_BIN, Running, startUntil, tempDir } from './built-bins';

/** The installed `orrery-proxy` (bin/orrery-proxy.js over dist/), as JupyterHub runs CHP. */
jest.setTimeout(180_000);

describe('bin/orrery-proxy.js', () => {
  const token = 'proxy-bin-test-token';
  let cwd: string;
  let proxy: Running | undefined;
  let backend: http.Server;
  let port: number;
  let apiPort: number;

  beforeAll(async () => {
    ensureBuilt();
    cwd = tempDir('proxy');
    backend = http.createServer((req, res) => res.end(`backend saw ${req.url}`));
    await new Promise<void>((done) => backend.listen(0, '127.0.0.1', done));
    [port, apiPort] = [await freePort(), await freePort()];
  });
  afterAll(async () => {
    await proxy?.stop();
    await new Promise((done) => backend.close(done));
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  it('starts with the CHP flags and serves a route added through its REST API', async () => {
    const args = ['--ip', '127.0.0.1', '--port', `${port}`];
    args.push('--api-ip', '127.0.0.1', '--api-port', `${apiPort}`);
    proxy = await startUntil(PROXY_BIN, args, /Proxy API at http/, {
      cwd,
      env: childEnv({ CONFIGPROXY_AUTH_TOKEN: token }),
    });
    const target = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`;
    const added = await fetch(`http://127.0.0.1:${apiPort}/api/routes/bin-test`, {
      method: 'POST',
      headers: { Authorization: `token ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ target }),
    });
    expect(added.status).toBe(201);
    const reached = await fetch(`http://127.0.0.1:${port}/bin-test/some/path`);
    expect(reached.status).toBe(200);
    expect(await reached.text()).toBe('backend saw /bin-test/some/path');
    const routes = await fetch(`http://127.0.0.1:${apiPort}/api/routes`, {
      headers: { Authorization: `token ${token}` },
    });
    expect(Object.keys((await routes.json()) as object)).toContain('/bin-test');
  });
});
