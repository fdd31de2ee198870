import { HubProxyService } from '@orrery/runtime';
import { ServerEntity, SpawnerEntity, UserEntity } from '@orrery/core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { api } from '../contracts/proxy/clients';
import { freePort, PEERS, peerCommand } from '../contracts/proxy/peers';
import { HubFixture, startHub } from './fixtures/hub-fixture';

/** Polls until `check` holds, at most `attempts` times 200 ms apart. */
async function eventually(check: () => Promise<boolean>, attempts = 100): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await check().catch(() => false)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.each(PEERS)('JupyterHub.proxy external with should_start (%s)', (kind) => {
  let hub: HubFixture | undefined;
  let dir: string;
  let pidFile: string;
  let port: number;
  let apiPort: number;
  const token = `should-start-token-${kind}`;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-should-start-'));
    pidFile = path.join(dir, 'jupyterhub-proxy.pid');
    [port, apiPort] = [await freePort(), await freePort()];
    hub = await startHub({
      JupyterHub: { proxy: 'external', bind_url: `http://127.0.0.1:${port}` },
      ConfigurableHTTPProxy: {
        command: [process.execPath, ...peerCommand(kind), '--log-level', 'error'],
        api_url: `http://127.0.0.1:${apiPort}`,
        auth_token: token,
        check_running_interval: 1,
        pid_file: pidFile,
      },
    });
    // starting a proxy from source transpiles it first
  }, 60_000);
  afterAll(async () => {
    const pid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : undefined;
    await hub?.close();
    // the hub stops its proxy; this only guards against a failed test leaving it behind
    if (pid !== undefined && alive(pid)) process.kill(pid, 'SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const routes = async () =>
    JSON.parse((await api(`http://127.0.0.1:${apiPort}`, token, 'GET', '')).body) as Record<
      string,
      Record<string, unknown>
    >;

  it('starts the proxy command on bind_url and api_url and adds the hub route', async () => {
    expect(Number(fs.readFileSync(pidFile, 'utf8'))).toBeGreaterThan(0);
    expect((await routes())['/']).toMatchObject({
      target: 'http://127.0.0.1:8081',
      hub: true,
      jupyterhub: true,
    });
    const health = await fetch(`http://127.0.0.1:${port}/_chp_healthz`);
    expect(health.status).toBe(200);
  });

  it('starts a proxy that died again and restores its routes', async () => {
    const current = hub as HubFixture;
    const user = await current.dataSource
      .getRepository(UserEntity)
      .findOneByOrFail({ name: 'alice' });
    const server = await current.dataSource.getRepository(ServerEntity).save({
      proto: 'http',
      ip: '127.0.0.1',
      port: 45679,
      baseUrl: '/user/alice/',
      cookieName: 'c',
    });
    await current.dataSource
      .getRepository(SpawnerEntity)
      .save({ userId: user.id, name: '', displayName: '', serverId: server.id, state: {} });
    await current.http().post('/hub/api/proxy').set(current.auth(current.tokens.admin)).expect(200);
    const firstPid = Number(fs.readFileSync(pidFile, 'utf8'));

    process.kill(firstPid, 'SIGKILL');

    const restored = await eventually(async () => {
      const now = await routes();
      return now['/'] !== undefined && now['/user/alice'] !== undefined;
    });
    expect(restored).toBe(true);
    expect(Number(fs.readFileSync(pidFile, 'utf8'))).not.toBe(firstPid);
    const viaHub = await current.app.get(HubProxyService).routes();
    expect(viaHub['/user/alice/']).toMatchObject({ target: 'http://127.0.0.1:45679' });
  }, 60_000);

  it('stops the proxy it started when the hub shuts down', async () => {
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    await (hub as HubFixture).close();
    hub = undefined;
    expect(alive(pid)).toBe(false);
    expect(fs.existsSync(pidFile)).toBe(false);
  }, 30_000);
});
