import { Logger } from '@nestjs/common';
import { ApiTokenEntity, UserEntity } from '@orrery/core';
import { OAuthDeviceService, REMOTE_CLIENT_ID } from '@orrery/oauth';
import { LiveTunnel, RemoteTunnels } from '@orrery/spawn';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, utils } from 'ssh2';
import { WebSocket, WebSocketServer } from 'ws';
import { TUNNEL_MESSAGES } from '../../libs/api/src/remote/remote-tunnel.gateway';
import { dialTunnel } from '../../apps/remote/src/tunnel-dial';
import { hostTunnel, TunnelHost } from '../../apps/remote/src/tunnel-host';
import { HubFixture, startHub } from './fixtures/hub-fixture';

const newHostKey = () => utils.generateKeyPairSync('ed25519').private;

/** A stand-in notebook on this machine's loopback: HTTP and a WebSocket echo. */
async function startNotebook(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    response.end(`notebook saw ${request.url}`);
  });
  const sockets = new WebSocketServer({ server });
  sockets.on('connection', (ws) => ws.on('message', (data) => ws.send(`echo ${String(data)}`)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      sockets.close();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function get(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}

describe('the remote tunnel: /hub/api/remote/tunnel, SSH over the agent WebSocket', () => {
  let hub: HubFixture;
  let hubUrl: URL;
  let tunnels: RemoteTunnels;
  let notebook: { port: number; close: () => Promise<void> };
  let aliceToken: string;
  const hosts: TunnelHost[] = [];
  const refusals: string[] = [];

  async function deviceToken(name: string): Promise<string> {
    await hub.userToken(name);
    const user = await hub.dataSource.getRepository(UserEntity).findOneByOrFail({ name });
    const device = hub.app.get(OAuthDeviceService);
    const form = (fields: Record<string, string>) =>
      Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [v]]));
    const codes = await device.authorize(form({ client_id: REMOTE_CLIENT_ID }));
    await device.decide(codes.user_code, user.id, true);
    const issued = await device.poll(
      form({ client_id: REMOTE_CLIENT_ID, device_code: codes.device_code }),
    );
    return issued.access_token;
  }

  const whenUp = (user: string, server: string) =>
    new Promise<LiveTunnel>((resolve) => {
      const found = tunnels.get(user, server);
      if (found) return resolve(found);
      const onUp = (tunnel: LiveTunnel) => {
        if (tunnel.user !== user || tunnel.server !== server) return;
        tunnels.events.off('up', onUp);
        resolve(tunnel);
      };
      tunnels.events.on('up', onUp);
    });

  async function startAgent(token: string, server: string, hostKey = newHostKey()) {
    const stream = await dialTunnel({ hub: hubUrl, token, server, notebookPort: notebook.port });
    const host = hostTunnel(stream, {
      hostKey,
      notebookPort: notebook.port,
      log: (line) => refusals.push(line),
    });
    hosts.push(host);
    return host;
  }

  const refusalOf = (token: string | null, query: string) =>
    new Promise<{ status: number; body: unknown }>((resolve, reject) => {
      const url = new URL(`hub/api/remote/tunnel?${query}`, hubUrl);
      url.protocol = 'ws:';
      const ws = new WebSocket(url, token ? { headers: { Authorization: `token ${token}` } } : {});
      ws.once('open', () => reject(new Error('the tunnel was accepted')));
      ws.once('unexpected-response', (_request, response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += String(chunk)));
        response.on('end', () =>
          resolve({ status: response.statusCode as number, body: JSON.parse(text) }),
        );
      });
      ws.once('error', reject);
    });

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    hub = await startHub({ JupyterHub: { spawner_class: 'remote' } });
    await hub.app.listen(0, '127.0.0.1');
    hubUrl = new URL(
      `http://127.0.0.1:${(hub.app.getHttpServer().address() as AddressInfo).port}/`,
    );
    tunnels = hub.app.get(RemoteTunnels);
    notebook = await startNotebook();
    aliceToken = await deviceToken('alice');
  }, 60_000);

  afterEach(() => {
    for (const host of hosts.splice(0)) host.close();
  });

  afterAll(async () => {
    await hub.close();
    await notebook.close();
  }, 30_000);

  it('carries HTTP and WebSocket from the hub-side listener to the notebook', async () => {
    await startAgent(aliceToken, 'gpu');
    const tunnel = await whenUp('alice', 'gpu');
    expect(tunnel.hostKey).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(await get(`http://127.0.0.1:${tunnel.localPort}/user/alice/gpu/api`)).toEqual({
      status: 200,
      text: 'notebook saw /user/alice/gpu/api',
    });
    const ws = new WebSocket(`ws://127.0.0.1:${tunnel.localPort}/user/alice/gpu/api/kernels`);
    const reply = await new Promise<string>((resolve, reject) => {
      ws.once('open', () => ws.send('1+1'));
      ws.once('message', (data) => resolve(String(data)));
      ws.once('error', reject);
    });
    ws.close();
    expect(reply).toBe('echo 1+1');
  });

  it('forwards the agent loopback port to the hub API', async () => {
    const host = await startAgent(aliceToken, 'api');
    const port = await host.apiPort;
    const version = await get(`http://127.0.0.1:${port}/hub/api/`);
    expect(version.status).toBe(200);
    expect(JSON.parse(version.text)).toHaveProperty('version');
    const me = await fetch(`http://127.0.0.1:${port}/hub/api/user`, {
      headers: { Authorization: `token ${aliceToken}` },
    });
    expect(((await me.json()) as { name: string }).name).toBe('alice');
  });

  it('refuses a tunnel without a token, with a token of another client, or for another user', async () => {
    expect(await refusalOf(null, 'server=x&port=1')).toEqual({
      status: 401,
      body: { status: 401, message: TUNNEL_MESSAGES.noToken },
    });
    expect(await refusalOf('not-a-token', 'server=x&port=1')).toMatchObject({
      status: 403,
      body: { message: TUNNEL_MESSAGES.badToken },
    });
    // alice's own full-power API token is not an agent's
    expect(await refusalOf(hub.tokens.alice, 'server=x&port=1')).toMatchObject({
      status: 403,
      body: { message: TUNNEL_MESSAGES.notAgent },
    });
    expect(await refusalOf(aliceToken, 'user=bob&server=x&port=1')).toMatchObject({
      status: 403,
      body: { message: TUNNEL_MESSAGES.otherUser },
    });
    expect(await refusalOf(aliceToken, 'server=x&port=0')).toMatchObject({
      status: 400,
      body: { message: TUNNEL_MESSAGES.noPort },
    });
  });

  it('refuses every tunnel on a hub whose spawner is not remote', async () => {
    const local = await startHub();
    try {
      await local.app.listen(0, '127.0.0.1');
      const port = (local.app.getHttpServer().address() as AddressInfo).port;
      const refused = await new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/hub/api/remote/tunnel?port=1`, {
          headers: { Authorization: `token ${aliceToken}` },
        });
        ws.once('open', () => reject(new Error('the tunnel was accepted')));
        ws.once('unexpected-response', (_request, response) =>
          resolve(response.statusCode as number),
        );
        ws.once('error', reject);
      });
      expect(refused).toBe(404);
    } finally {
      await local.close();
    }
  }, 60_000);

  it('refuses a device token without start:servers on the server', async () => {
    const token = await deviceToken('dave');
    const rows = hub.dataSource.getRepository(ApiTokenEntity);
    const dave = await hub.dataSource.getRepository(UserEntity).findOneByOrFail({ name: 'dave' });
    await rows.update(
      { userId: dave.id, clientId: REMOTE_CLIENT_ID },
      { scopes: ['read:servers!user'] },
    );
    // any mutating request empties the auth cache, as a scope change through the API would
    await hub.http().post('/hub/api/users/dave/tokens').set(hub.auth(hub.tokens.admin)).send({});
    expect(await refusalOf(token, 'server=x&port=1')).toMatchObject({
      status: 403,
      body: { message: TUNNEL_MESSAGES.noScope },
    });
  });

  it('refuses a second agent for a live server, and a new host key after the first drops', async () => {
    const hostKey = newHostKey();
    const first = await startAgent(aliceToken, 'twice', hostKey);
    await whenUp('alice', 'twice');
    expect(await refusalOf(aliceToken, 'server=twice&port=1')).toMatchObject({
      status: 409,
      body: { message: TUNNEL_MESSAGES.busy },
    });
    first.close();
    await first.closed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const rogue = await startAgent(aliceToken, 'twice');
    await rogue.closed;
    expect(tunnels.get('alice', 'twice')).toBeUndefined();
    // the agent with the pinned key comes back
    await startAgent(aliceToken, 'twice', hostKey);
    expect((await whenUp('alice', 'twice')).user).toBe('alice');
  });

  it('routes forwarded-tcpip to the hub API only, and refuses channels naming another forward', async () => {
    const stream = await dialTunnel({
      hub: hubUrl,
      token: aliceToken,
      server: 'rogue',
      notebookPort: notebook.port,
    });
    const rogue = new Server({ hostKeys: [newHostKey()] });
    const outcome = new Promise<{ elsewhere: string; claimed: string }>((resolve) => {
      rogue.on('connection', (client) => {
        client.on('authentication', (context) => context.accept());
        client.on('request', (accept, _reject, _name, info) => {
          accept?.(4242);
          const bound = info as { bindAddr: string };
          // a forward the hub never asked for: the hub must refuse it
          client.forwardOut('10.0.0.1', 22, '10.0.0.2', 1234, (error) => {
            const elsewhere = error ? 'refused' : 'opened';
            // the hub's own forward, claiming to come from anywhere: it reaches the hub API
            client.forwardOut(bound.bindAddr, 4242, '192.0.2.1', 99, (failed, channel) => {
              if (failed) return resolve({ elsewhere, claimed: `error ${failed.message}` });
              let text = '';
              channel.on('data', (chunk: Buffer) => {
                text += String(chunk);
                if (text.includes('}')) resolve({ elsewhere, claimed: text });
              });
              channel.on('close', () => resolve({ elsewhere, claimed: text }));
              channel.write('GET /hub/api/ HTTP/1.1\r\nHost: hub\r\n\r\n');
            });
          });
        });
      });
    });
    rogue.injectSocket(stream as never);
    const seen = await outcome;
    stream.destroy();
    expect(seen.elsewhere).toBe('refused');
    expect(seen.claimed).toMatch(/^HTTP\/1\.1 200/);
    expect(seen.claimed).toContain('"version"');
  });
});
