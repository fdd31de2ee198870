import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { api } from '../contracts/proxy/clients';
import { freePort, PEERS, peerCommand } from '../contracts/proxy/peers';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { killServers, spawnConfig, tempHome } from './servers-helpers';

/** A GET on the proxy's public port with the given Host header. */
function getWithHost(port: number, pathname: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname, headers: { Host: host } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

/**
 * subdomain_host with an external proxy the hub starts (orrery-proxy and the real
 * configurable-http-proxy): the hub passes `--host-routing` and reads host routes back as
 * JupyterHub's routespecs, so a server's route lives on its user's host.
 */
describe.each(PEERS)('subdomain_host with JupyterHub.proxy external (%s)', (kind) => {
  let hub: HubFixture | undefined;
  let home: string;
  let port: number;
  let apiPort: number;
  const token = `subdomain-proxy-token-${kind}`;

  beforeAll(async () => {
    [port, apiPort] = [await freePort(), await freePort()];
    home = tempHome();
    hub = await startHub({
      ...spawnConfig(home),
      JupyterHub: {
        proxy: 'external',
        bind_url: `http://127.0.0.1:${port}`,
        subdomain_host: 'http://hub.test:8000',
      },
      ConfigurableHTTPProxy: {
        command: [process.execPath, ...peerCommand(kind), '--log-level', 'error'],
        api_url: `http://127.0.0.1:${apiPort}`,
        auth_token: token,
        pid_file: path.join(home, 'jupyterhub-proxy.pid'),
      },
    });
    // starting orrery-proxy from source transpiles it first
  }, 60_000);
  afterAll(async () => {
    if (hub) {
      await killServers(hub);
      // the hub stops the proxy it started
      await hub.close();
    }
    fs.rmSync(home, { recursive: true, force: true });
  }, 30_000);

  it("routes the server on its user's host in the proxy and reads it back as a routespec", async () => {
    const current = hub as HubFixture;
    const admin = current.auth(current.tokens.admin);
    await current.http().post('/hub/api/users/alice/server').set(admin).expect(201);
    const raw = JSON.parse((await api(`http://127.0.0.1:${apiPort}`, token, 'GET', '')).body);
    expect(Object.keys(raw)).toEqual(expect.arrayContaining(['/', '/alice.hub.test/user/alice']));
    const routes = await current.http().get('/hub/api/proxy').set(admin).expect(200);
    expect(routes.body['alice.hub.test/user/alice/']).toMatchObject({
      routespec: 'alice.hub.test/user/alice/',
      data: { user: 'alice', server_name: '' },
    });
    const body = await getWithHost(port, '/user/alice/x', 'alice.hub.test:8000');
    expect(JSON.parse(body)).toEqual({ path: '/user/alice/x', user: 'alice' });
  }, 60_000);
});
