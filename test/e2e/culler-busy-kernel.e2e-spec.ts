import { Culler, TokensService } from '@orrery/api';
import { ApiTokenEntity, FakeClock, ServerEntity, SpawnerEntity, UserEntity } from '@orrery/core';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import WebSocket from 'ws';
import { CULLER_TOKEN_NOTE } from '../../libs/api/src/culler/kernel-probe.service';
import { executeRequest } from '../compat/fixtures/kernel-execute';
import { freePort } from '../contracts/proxy/peers';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { killServers, tempHome } from './servers-helpers';

/** The real single-user server (JupyterHub 6.1.1), from scripts/python-peers.sh. */
const SINGLEUSER = path.resolve(__dirname, '../../.venv/singleuser/bin/jupyterhub-singleuser');
const describeWithPeer = fs.existsSync(SINGLEUSER) ? describe : describe.skip;

/** Sends `code` to a kernel and resolves once the kernel says it is busy with it. */
function runUntilBusy(url: string, token: string, code: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { headers: { Authorization: `token ${token}` } });
  const msgId = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the kernel never got busy')), 60_000);
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify(executeRequest(msgId, code))));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.parent_header?.msg_id !== msgId) return;
      if (message.msg_type === 'status' && message.content.execution_state === 'busy') {
        clearTimeout(timer);
        resolve(socket);
      }
    });
  });
}

/** Waits (at most 30 s) until the server's kernels API reports the kernel busy. */
async function serverSaysBusy(url: string, token: string): Promise<void> {
  for (let tries = 0; tries < 60; tries++) {
    const reply = await fetch(url, { headers: { Authorization: `token ${token}` } });
    if (
      reply.ok &&
      ((await reply.json()) as { execution_state?: string }).execution_state === 'busy'
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the server never reported its kernel busy');
}

/**
 * A busy kernel counts as activity up to `Culler.busy_cap` (issue 16): a real
 * jupyterhub-singleuser runs `time.sleep` in a kernel while the fake clock moves past the
 * timeout (kept) and then past the cap (culled).
 */
describeWithPeer('the built-in culler and a busy kernel of a real jupyterhub-singleuser', () => {
  const clock = new FakeClock(new Date());
  let hub: HubFixture;
  let home: string;
  let socket: WebSocket | undefined;
  beforeAll(async () => {
    home = tempHome();
    const port = await freePort();
    hub = await startHub(
      {
        JupyterHub: { hub_bind_url: `http://127.0.0.1:${port}` },
        Spawner: {
          cmd: [SINGLEUSER],
          // CI containers run as root, which jupyter-server refuses without this
          args: process.getuid?.() === 0 ? ['--allow-root'] : [],
          start_timeout: 120,
          http_timeout: 120,
        },
        LocalProcessSpawner: { home_dir_template: path.join(home, '{username}') },
        Culler: { enabled: true, timeout: 60, every: 3600, busy_cap: 300 },
      },
      clock,
    );
    // the server asks the hub API who a token belongs to, so the hub listens here
    await hub.app.listen(port, '127.0.0.1');
  }, 60_000);
  afterAll(async () => {
    socket?.terminate();
    await killServers(hub);
    await hub.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('keeps a server whose kernel is busy past the timeout, then culls it at the cap', async () => {
    const admin = hub.auth(hub.tokens.admin);
    const started = await hub.http().post('/hub/api/users/alice/server').set(admin);
    expect([201, 202]).toContain(started.status);
    const progress = await hub.http().get('/hub/api/users/alice/server/progress').set(admin);
    expect(progress.text).toContain('"ready": true');
    const alice = await hub.dataSource.getRepository(UserEntity).findOneByOrFail({ name: 'alice' });
    const spawner = await hub.dataSource
      .getRepository(SpawnerEntity)
      .findOneByOrFail({ userId: alice.id, name: '' });
    const server = await hub.dataSource
      .getRepository(ServerEntity)
      .findOneByOrFail({ id: spawner.serverId as number });
    const base = `127.0.0.1:${server.port}${server.baseUrl}api/kernels`;
    const kernel = await fetch(`http://${base}`, {
      method: 'POST',
      headers: { ...hub.auth(hub.tokens.alice), 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(kernel.status).toBe(201);
    const { id } = (await kernel.json()) as { id: string };
    socket = await runUntilBusy(
      `ws://${base}/${id}/channels`,
      hub.tokens.alice,
      'import time\ntime.sleep(600)',
    );
    // the server's own record of the kernel's state follows the same busy message a moment
    // later (loaded CI saw it still idle): the culler asks that record, so wait for it, bounded
    await serverSaysBusy(`http://${base}/${id}`, hub.tokens.alice);

    const culler = hub.app.get(Culler);
    // the server reports its own activity (real time, at start): idleness counts from there
    const { lastActivity } = await hub.dataSource
      .getRepository(SpawnerEntity)
      .findOneByOrFail({ id: spawner.id });
    const active = (lastActivity as Date).getTime();
    clock.set(new Date(active + 61_000));
    const issued = jest.spyOn(TokensService.prototype, 'issue');
    expect((await culler.cullOnce()).servers).toEqual([]);
    // the kernel check's token: the user's, for this one server, living a minute
    expect(issued.mock.calls.map(([spec]) => spec)).toEqual([
      {
        owner: { userId: alice.id },
        scopes: ['access:servers!server=alice/'],
        note: CULLER_TOKEN_NOTE,
        expiresIn: 60,
      },
    ]);
    issued.mockRestore();
    expect(
      await hub.dataSource.getRepository(ApiTokenEntity).countBy({ note: CULLER_TOKEN_NOTE }),
    ).toBe(0);

    clock.set(new Date(active + 301_000));
    expect((await culler.cullOnce()).servers).toEqual([
      { user: 'alice', server: '', reason: 'busy_cap' },
    ]);
    const events = await hub
      .http()
      .get('/hub/api/orrery/server-events?user=alice')
      .set(admin)
      .expect(200);
    expect(events.body[0]).toMatchObject({ kind: 'cull', reason: 'busy_cap' });
    expect(events.body[0].details).toMatch(
      /^busy_cap: idle 301 s, .*busy kernel true, busy_cap 300 s/,
    );
  }, 180_000);
});
