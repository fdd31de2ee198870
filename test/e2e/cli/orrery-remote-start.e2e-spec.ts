import { UserEntity } from '@orrery/core';
import { OAuthDeviceService, REMOTE_CLIENT_ID } from '@orrery/oauth';
import { RemoteTunnels } from '@orrery/spawn';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { HubFixture, startHub } from '../fixtures/hub-fixture';
import { childEnv, ensureBuilt, ROOT, Running, startUntil, tempDir } from './built-bins';

const REMOTE_BIN = path.join(ROOT, 'bin/orrery-remote.js');
const SINGLEUSER_BIN = path.join(ROOT, '.venv/singleuser/bin');
const describeWithPeer = fs.existsSync(path.join(SINGLEUSER_BIN, 'jupyterhub-singleuser'))
  ? describe
  : describe.skip;

const until = async <T>(what: string, probe: () => Promise<T | null>, ms = 60_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

/**
 * `orrery-remote start` as a researcher runs it, with the real bin and an unchanged
 * jupyterhub-singleuser 6 from PATH, against a listening hub whose spawner is `remote`.
 */
describeWithPeer('orrery-remote start: a remote server through the tunnel', () => {
  let hub: HubFixture;
  let hubUrl: string;
  let home: string;
  let agent: Running | undefined;
  let token: string;

  beforeAll(async () => {
    ensureBuilt();
    hub = await startHub({
      JupyterHub: { spawner_class: 'remote', allow_named_servers: true },
      Spawner: { start_timeout: 20, http_timeout: 20, poll_interval: 1 },
      RemoteSpawner: { tunnel_grace_period: 1 },
    });
    await hub.app.listen(0, '127.0.0.1');
    hubUrl = `http://127.0.0.1:${(hub.app.getHttpServer().address() as AddressInfo).port}/`;
    home = tempDir('remote-start');
    await hub.userToken('alice');
    const alice = await hub.dataSource.getRepository(UserEntity).findOneByOrFail({ name: 'alice' });
    const device = hub.app.get(OAuthDeviceService);
    const form = (fields: Record<string, string>) =>
      Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [v]]));
    const codes = await device.authorize(form({ client_id: REMOTE_CLIENT_ID }));
    await device.decide(codes.user_code, alice.id, true);
    token = (
      await device.poll(form({ client_id: REMOTE_CLIENT_ID, device_code: codes.device_code }))
    ).access_token;
  }, 300_000);

  afterAll(async () => {
    await agent?.stop();
    await hub.close();
    fs.rmSync(home, { recursive: true, force: true });
  }, 60_000);

  const serverModel = async () =>
    (await hub.http().get('/hub/api/users/alice').set(hub.auth(hub.tokens.admin))).body as {
      servers: Record<string, { ready: boolean; pending: string | null }>;
    };

  it('starts the server from the agent, ready in the REST API and served through the tunnel', async () => {
    const env = childEnv({
      XDG_CONFIG_HOME: path.join(home, 'config'),
      ORRERY_REMOTE_TOKEN: token,
      PATH: `${SINGLEUSER_BIN}:${process.env.PATH ?? ''}`,
      HOME: home,
    });
    agent = await startUntil(
      REMOTE_BIN,
      // the CI machine runs tests as root, which jupyter_server refuses unless told
      [
        'start',
        '--hub',
        hubUrl,
        '--server',
        'lab',
        ...(process.getuid?.() === 0 ? ['--', '--allow-root'] : []),
      ],
      /Your server: /,
      { cwd: home, env },
    );
    expect(agent.output()).toContain(`Your server: ${hubUrl}user/alice/lab/`);
    await until('the server ready', async () =>
      (await serverModel()).servers.lab?.ready ? true : null,
    );
    const tunnel = hub.app.get(RemoteTunnels).get('alice', 'lab');
    expect(tunnel).toBeDefined();
    const api = await fetch(`http://127.0.0.1:${tunnel?.localPort}/user/alice/lab/api`);
    expect(api.status).toBe(200);
    expect((await api.json()) as object).toHaveProperty('version');
  }, 120_000);

  it('ends the remote process and the agent when the hub stops the server', async () => {
    const running = agent as Running;
    const exited = new Promise<number | null>((done) => running.child.once('exit', done));
    const stopped = await hub
      .http()
      .delete('/hub/api/users/alice/servers/lab')
      .set(hub.auth(hub.tokens.admin));
    expect([202, 204]).toContain(stopped.status);
    expect(await exited).toBe(0);
    expect(running.output()).toContain('The hub stopped the server.');
    await until('the server gone', async () => ((await serverModel()).servers.lab ? null : true));
  }, 60_000);

  it('reports the server stopped once the killed agent has been gone longer than the grace period', async () => {
    const env = childEnv({
      XDG_CONFIG_HOME: path.join(home, 'config'),
      ORRERY_REMOTE_TOKEN: token,
      PATH: `${SINGLEUSER_BIN}:${process.env.PATH ?? ''}`,
      HOME: home,
    });
    const killed = await startUntil(
      REMOTE_BIN,
      [
        'start',
        '--hub',
        hubUrl,
        '--server',
        'lab',
        ...(process.getuid?.() === 0 ? ['--', '--allow-root'] : []),
      ],
      /Your server: /,
      { cwd: home, env },
    );
    agent = killed;
    await until('the server ready', async () =>
      (await serverModel()).servers.lab?.ready ? true : null,
    );
    // the agent and its jupyterhub-singleuser, without a chance to say goodbye
    process.kill(-(killed.child.pid as number), 'SIGKILL');
    await until('the server reported stopped', async () =>
      (await serverModel()).servers.lab ? null : true,
    );
    expect(hub.app.get(RemoteTunnels).get('alice', 'lab')).toBeUndefined();
  }, 120_000);
});
