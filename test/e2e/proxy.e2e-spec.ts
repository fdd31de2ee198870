import { HubProxyService } from '@orrery/runtime';
import { ServerEntity, SpawnerEntity, UserEntity } from '@orrery/core';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { api } from '../contracts/proxy/clients';
import { PEERS, RunningPeer, startPeer } from '../contracts/proxy/peers';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { createTestDatabase, TestDatabase } from './fixtures/test-database';

const PAGINATION = 'application/jupyterhub-pagination+json';

describe('in-process proxy: /hub/api/proxy', () => {
  let hub: HubFixture;
  beforeAll(async () => {
    hub = await startHub({
      JupyterHub: {
        services: [
          { name: 'admin-svc', api_token: 'e2e-admin-service-token-0123456789', admin: true },
          { name: 'reader', api_token: 'e2e-reader-service-token-0123456789' },
          { name: 'docs', url: 'http://127.0.0.1:9999/path' },
        ],
      },
    });
  });
  afterAll(async () => {
    await hub.close();
  });

  it('lists the hub route and the route of a service with a URL, as JupyterHub shapes them', async () => {
    const response = await hub
      .http()
      .get('/hub/api/proxy')
      .set(hub.auth(hub.tokens.admin))
      .expect(200);
    expect(response.body['/']).toEqual({
      routespec: '/',
      target: 'http://127.0.0.1:8081',
      data: { hub: true, last_activity: expect.any(String) },
    });
    expect(response.body['/services/docs/']).toMatchObject({
      target: 'http://127.0.0.1:9999',
      data: { service: 'docs' },
    });
  });

  it('pages the routes as a dict when asked for pagination', async () => {
    const response = await hub
      .http()
      .get('/hub/api/proxy?limit=1')
      .set({ ...hub.auth(hub.tokens.admin), Accept: PAGINATION })
      .expect(200);
    expect(Object.keys(response.body.items)).toEqual(['/']);
    expect(response.body._pagination).toMatchObject({ offset: 0, limit: 1, total: 2 });
  });

  it('adds the route of an active server on POST (check_routes)', async () => {
    const user = await hub.dataSource.getRepository(UserEntity).findOneByOrFail({ name: 'alice' });
    const server = await hub.dataSource.getRepository(ServerEntity).save({
      proto: 'http',
      ip: '127.0.0.1',
      port: 45678,
      baseUrl: '/user/alice/',
      cookieName: 'c',
    });
    await hub.dataSource
      .getRepository(SpawnerEntity)
      .save({ userId: user.id, name: '', displayName: '', serverId: server.id, state: {} });
    await hub.http().post('/hub/api/proxy').set(hub.auth(hub.tokens.admin)).expect(200);
    const routes = await hub.app.get(HubProxyService).routes();
    expect(routes['/user/alice/']).toMatchObject({
      target: 'http://127.0.0.1:45678',
      data: { user: 'alice', server_name: '', jupyterhub: true },
    });
  });

  it.each([
    ['GET', 'alice'],
    ['POST', 'alice'],
    ['PATCH', 'readerService'],
  ] as const)('refuses %s to a caller without the proxy scope (%s)', async (method, persona) => {
    const call = hub.http()[method.toLowerCase() as 'get' | 'post' | 'patch']('/hub/api/proxy');
    await call.set(hub.auth(hub.tokens[persona])).expect(403);
  });

  it.each([
    ['no body', undefined, 'need JSON body'],
    ['an empty body', '', 'need JSON body'],
    ['a JSON array', '[1]', 'Request body must be JSON dict'],
    ['JSON null', 'null', 'Request body must be JSON dict'],
  ])('answers PATCH with %s 400 as JupyterHub does', async (_what, body, message) => {
    const call = hub
      .http()
      .patch('/hub/api/proxy')
      .set({ ...hub.auth(hub.tokens.admin), 'Content-Type': 'application/json' });
    const answer = await (body === undefined ? call : call.send(body));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ status: 400, message });
  });

  it('answers PATCH {} with 200 (a sync with the proxy as it is)', async () => {
    await hub.http().patch('/hub/api/proxy').set(hub.auth(hub.tokens.admin)).send({}).expect(200);
  });

  it.each([['{"api_url": 5}'], ['{"auth_token": false}']])(
    'answers PATCH %s with 400',
    async (body) => {
      await hub
        .http()
        .patch('/hub/api/proxy')
        .set({ ...hub.auth(hub.tokens.admin), 'Content-Type': 'application/json' })
        .send(body)
        .expect(400);
    },
  );
});

/** A WebSocket echo server standing in for a running single-user server. */
async function startEchoServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => res.end('ok'));
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) =>
    socket.on('message', (data) => socket.send(`echo:${String(data)}`)),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        wss.clients.forEach((client) => client.terminate());
        wss.close();
        server.close(() => resolve());
      }),
  };
}

function roundTrip(socket: WebSocket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    socket.once('message', (data) => resolve(String(data)));
    socket.once('error', reject);
    socket.send(text);
  });
}

describe.each(PEERS)('external proxy (%s) driven by the hub', (kind) => {
  let peer: RunningPeer;
  let database: TestDatabase;
  let backend: { port: number; close: () => Promise<void> };
  let hub: HubFixture | undefined;
  const external = () => ({
    JupyterHub: { proxy: 'external' },
    // the test runs the proxy itself (JupyterHub's should_start=False)
    ConfigurableHTTPProxy: { api_url: peer.apiUrl, auth_token: peer.token, should_start: false },
  });

  beforeAll(async () => {
    peer = await startPeer(kind);
    database = await createTestDatabase();
    backend = await startEchoServer();
    // a stale route of an earlier hub, and a route that belongs to someone else
    await api(peer.apiUrl, peer.token, 'POST', '/user/ghost', {
      target: 'http://127.0.0.1:1',
      jupyterhub: true,
      user: 'ghost',
    });
    await api(peer.apiUrl, peer.token, 'POST', '/foreign', { target: 'http://127.0.0.1:2' });
  });
  afterAll(async () => {
    await hub?.close();
    await backend.close();
    await peer.stop();
    await database.drop();
  });

  it('adds the hub route at start, deletes stale hub routes and leaves foreign ones', async () => {
    hub = await startHub(external(), undefined, database);
    const routes = JSON.parse((await api(peer.apiUrl, peer.token, 'GET', '')).body) as Record<
      string,
      Record<string, unknown>
    >;
    expect(routes['/']).toMatchObject({
      target: 'http://127.0.0.1:8081',
      hub: true,
      jupyterhub: true,
    });
    expect(routes['/user/ghost']).toBeUndefined();
    expect(routes['/foreign']).toMatchObject({ target: 'http://127.0.0.1:2' });
  });

  it('keeps routes and open WebSocket connections across a hub restart', async () => {
    const current = hub as HubFixture;
    const user = await current.dataSource
      .getRepository(UserEntity)
      .findOneByOrFail({ name: 'alice' });
    const server = await current.dataSource.getRepository(ServerEntity).save({
      proto: 'http',
      ip: '127.0.0.1',
      port: backend.port,
      baseUrl: '/user/alice/',
      cookieName: 'c',
    });
    // restart recovery keeps a server whose process runs and which answers HTTP
    const process_ = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
    await current.dataSource.getRepository(SpawnerEntity).save({
      userId: user.id,
      name: '',
      displayName: '',
      serverId: server.id,
      state: { pid: process_.pid },
    });
    await current.http().post('/hub/api/proxy').set(current.auth(current.tokens.admin)).expect(200);

    const socket = new WebSocket(`ws://127.0.0.1:${peer.port}/user/alice/api/kernels/k/channels`);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    expect(await roundTrip(socket, 'before')).toBe('echo:before');

    await current.close();
    hub = await startHub(external(), undefined, database);

    expect(await roundTrip(socket, 'after')).toBe('echo:after');
    const routes = JSON.parse((await api(peer.apiUrl, peer.token, 'GET', '')).body) as Record<
      string,
      Record<string, unknown>
    >;
    expect(routes['/user/alice']).toMatchObject({
      target: `http://127.0.0.1:${backend.port}`,
      user: 'alice',
    });
    socket.close();
    process_.kill('SIGKILL');
  });
});

describe('in-process proxy with JupyterHub.ssl_cert and ssl_key', () => {
  let hub: HubFixture;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-tls-'));
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    hub = await startHub({ JupyterHub: { ssl_cert: cert, ssl_key: key } });
  });
  afterAll(async () => {
    await hub.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the public port over HTTPS', async () => {
    const port = hub.app.get(HubProxyService).publicPort as number;
    const status = await new Promise<number>((resolve, reject) => {
      https
        .get(
          { host: '127.0.0.1', port, path: '/_chp_healthz', rejectUnauthorized: false },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        )
        .on('error', reject);
    });
    expect(status).toBe(200);
  });

  it('refuses a certificate without its key at start', async () => {
    await expect(
      startHub({ JupyterHub: { ssl_cert: path.join(dir, 'cert.pem') } }),
    ).rejects.toThrow('must be set together');
  });
});
