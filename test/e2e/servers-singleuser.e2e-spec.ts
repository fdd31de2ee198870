import * as fs from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import {
  alive,
  killServers,
  leftovers,
  NOTHING_LEFT,
  recordedPid,
  tempHome,
  viaProxy,
} from './servers-helpers';

/** The real single-user server (JupyterHub 6.1.1), from scripts/python-peers.sh. */
const SINGLEUSER = path.resolve(__dirname, '../../.venv/singleuser/bin/jupyterhub-singleuser');
const describeWithPeer = fs.existsSync(SINGLEUSER) ? describe : describe.skip;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describeWithPeer('the real jupyterhub-singleuser 6.1.1', () => {
  let hub: HubFixture;
  let home: string;
  beforeAll(async () => {
    home = tempHome();
    const port = await freePort();
    hub = await startHub({
      JupyterHub: { hub_bind_url: `http://127.0.0.1:${port}` },
      Spawner: {
        cmd: [SINGLEUSER],
        // CI containers run as root, which jupyter-server refuses without this
        args: process.getuid?.() === 0 ? ['--allow-root'] : [],
        start_timeout: 120,
        http_timeout: 120,
      },
      LocalProcessSpawner: { home_dir_template: path.join(home, '{username}') },
    });
    // the server asks the hub API who a token belongs to, so the hub listens here
    await hub.app.listen(port, '127.0.0.1');
  }, 60_000);
  afterAll(async () => {
    await killServers(hub);
    await hub.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('starts through the API, answers a token of its user through the proxy, and stops', async () => {
    const admin = hub.auth(hub.tokens.admin);
    const started = await hub.http().post('/hub/api/users/alice/server').set(admin);
    expect([201, 202]).toContain(started.status);
    // the progress stream ends once the server is ready (or failed)
    const progress = await hub.http().get('/hub/api/users/alice/server/progress').set(admin);
    expect(progress.text).toContain('"ready": true');

    const status = await viaProxy(hub, '/user/alice/api/status', hub.auth(hub.tokens.alice));
    expect(status.status).toBe(200);
    expect(JSON.parse(status.body)).toHaveProperty('started');
    const anonymous = await viaProxy(hub, '/user/alice/api/status');
    expect(anonymous.status).toBe(403);

    const pid = await recordedPid(hub, 'alice');
    await hub.http().delete('/hub/api/users/alice/server').set(admin).expect(204);
    expect(alive(pid)).toBe(false);
    expect(await leftovers(hub, 'alice')).toEqual(NOTHING_LEFT);
  }, 180_000);
});
