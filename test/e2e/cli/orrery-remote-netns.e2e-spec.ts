import { execFileSync } from 'node:child_process';
import { UserEntity } from '@orrery/core';
import { OAuthDeviceService, REMOTE_CLIENT_ID } from '@orrery/oauth';
import { RemoteTunnels } from '@orrery/spawn';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { HubFixture, startHub } from '../fixtures/hub-fixture';
import { childEnv, ensureBuilt, ROOT, Running, startUntil, tempDir } from './built-bins';

const REMOTE_BIN = path.join(ROOT, 'bin/orrery-remote.js');
const SINGLEUSER_BIN = path.join(ROOT, '.venv/singleuser/bin');

/** Network namespaces need root (or user namespaces) and iproute2. */
function canIsolate(): boolean {
  try {
    execFileSync('unshare', ['--net', 'ip', 'link', 'set', 'lo', 'up'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const describeIsolated =
  fs.existsSync(path.join(SINGLEUSER_BIN, 'jupyterhub-singleuser')) && canIsolate()
    ? describe
    : describe.skip;

/**
 * Inside the namespace: 127.0.0.1:<port> relayed to the Unix socket the test serves outside.
 * It ends when its parent (the agent) does, so the namespace goes with the test.
 */
const NS_RELAY = `
const net = require('node:net');
const [socketPath, port] = process.argv.slice(1);
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 200).unref();
net.createServer((client) => {
  const upstream = net.connect(socketPath);
  client.pipe(upstream).pipe(client);
  upstream.on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
}).listen(Number(port), '127.0.0.1');
`;

/** Any port: the namespace has its own loopback, nothing else listens there. */
const NS_PORT = 18080;

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
 * Issue 15's CI proof: the "remote machine" is a network namespace with only its loopback,
 * so nothing can connect into it and it has no route to the hub; the agent reaches the hub's
 * port only through a relay over a Unix socket the test serves. Inside: the real bin and an
 * unchanged jupyterhub-singleuser 6.
 */
describeIsolated('orrery-remote start inside a network namespace with only loopback', () => {
  let hub: HubFixture;
  let hubPort: number;
  let home: string;
  let relay: net.Server;
  const relayed: net.Socket[] = [];
  let agent: Running | undefined;
  let token: string;

  beforeAll(async () => {
    ensureBuilt();
    hub = await startHub({
      JupyterHub: { spawner_class: 'remote', allow_named_servers: true },
      Spawner: { start_timeout: 60, http_timeout: 60 },
    });
    await hub.app.listen(0, '127.0.0.1');
    hubPort = (hub.app.getHttpServer().address() as net.AddressInfo).port;
    home = tempDir('remote-netns');
    relay = net.createServer((client) => {
      const upstream = net.connect(hubPort, '127.0.0.1');
      relayed.push(client, upstream);
      client.pipe(upstream).pipe(client);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => relay.listen(path.join(home, 'hub.sock'), resolve));
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
    try {
      if (agent?.child.pid) process.kill(-agent.child.pid, 'SIGKILL');
    } catch {
      // the process group is already gone
    }
    relay?.close();
    for (const socket of relayed) socket.destroy();
    await hub.close();
    fs.rmSync(home, { recursive: true, force: true });
  }, 60_000);

  it('cannot reach the hub port from the namespace except through the relay', () => {
    const probe = `require('node:net').connect(${hubPort}, '127.0.0.1').on('connect', () => process.exit(0)).on('error', () => process.exit(3))`;
    const direct = (() => {
      try {
        execFileSync(
          'unshare',
          ['--net', 'sh', '-c', `ip link set lo up && exec node -e "${probe}"`],
          {
            stdio: 'ignore',
          },
        );
        return 0;
      } catch (error) {
        return (error as { status: number }).status;
      }
    })();
    expect(direct).toBe(3);
  });

  it('starts the server inside, ready in the REST API, and ends it when the hub stops it', async () => {
    const hubUrl = `http://127.0.0.1:${NS_PORT}/`;
    const script = [
      'ip link set lo up',
      // its own stdio, so it holds none of the test's pipes open
      `node -e "$NS_RELAY" "${path.join(home, 'hub.sock')}" ${NS_PORT} </dev/null >/dev/null 2>&1 &`,
      // the relay listens within a moment; the agent's first request would fail before
      'sleep 0.5',
      `exec node ${REMOTE_BIN} start --hub ${hubUrl} --server lab ${process.getuid?.() === 0 ? '-- --allow-root' : ''}`,
    ].join('\n');
    agent = await startUntil('unshare', ['--net', 'sh', '-c', script], /Your server: /, {
      cwd: home,
      env: childEnv({
        NS_RELAY,
        XDG_CONFIG_HOME: path.join(home, 'config'),
        ORRERY_REMOTE_TOKEN: token,
        PATH: `${SINGLEUSER_BIN}:${process.env.PATH ?? ''}`,
        HOME: home,
      }),
    });
    const serverModel = async () =>
      (await hub.http().get('/hub/api/users/alice').set(hub.auth(hub.tokens.admin))).body as {
        servers: Record<string, { ready: boolean }>;
      };
    await until('the server ready', async () =>
      (await serverModel()).servers.lab?.ready ? true : null,
    );
    const tunnel = hub.app.get(RemoteTunnels).get('alice', 'lab');
    const api = await fetch(`http://127.0.0.1:${tunnel?.localPort}/user/alice/lab/api`);
    expect(api.status).toBe(200);
    const running = agent;
    const exited = new Promise<number | null>((done) => running.child.once('exit', done));
    await hub.http().delete('/hub/api/users/alice/servers/lab').set(hub.auth(hub.tokens.admin));
    expect(await exited).toBe(0);
    expect(running.output()).toContain('The hub stopped the server.');
  }, 150_000);
});
