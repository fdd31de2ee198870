import * as http from 'node:http';
import * as net from 'node:net';
import WebSocket from 'ws';
import {
  type Backend,
  startEchoBackend,
  startErrorTarget,
  startMidBodyResetBackend,
  startResettingBackend,
} from './backends';
import { api, request, sleep } from './clients';
import { PEERS, type RunningPeer, startPeer } from './peers';

jest.setTimeout(30_000);

/** What the echo backend sends first on a WebSocket: the handshake it received. */
interface Hello {
  backend: string;
  url: string;
  headers: Record<string, string>;
}

/** Opens a WebSocket through the proxy and returns it with its first (handshake echo) message. */
function openSocket(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ ws: WebSocket; hello: Hello }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('message', (data) => resolve({ ws, hello: JSON.parse(String(data)) as Hello }));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) =>
      reject(new Error(`unexpected response ${res.statusCode}`)),
    );
  });
}

/** Everything the proxy sends on one connection after `text`, until it closes the connection. */
function untilClosed(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.write(text);
  });
}

describe.each(PEERS)('proxy forwarding (%s)', (kind) => {
  let peer: RunningPeer;
  let hub: Backend;
  let alice: Backend;
  let aliceLab: Backend;
  let bob: Backend;
  let errorTarget: Awaited<ReturnType<typeof startErrorTarget>>;
  const addRoute = (path: string, target: string, data: object = {}) =>
    api(peer.apiUrl, peer.token, 'POST', path, { target, ...data });
  const route = async (path: string) =>
    JSON.parse((await api(peer.apiUrl, peer.token, 'GET', path)).body);
  const get = (path: string, headers?: http.OutgoingHttpHeaders) =>
    request(peer.publicUrl + path, { headers });

  beforeAll(async () => {
    [hub, alice, aliceLab, bob, errorTarget] = await Promise.all([
      startEchoBackend('hub'),
      startEchoBackend('alice'),
      startEchoBackend('alice-lab'),
      startEchoBackend('bob'),
      startErrorTarget(),
    ]);
    peer = await startPeer(kind, ['--error-target', `${errorTarget.url}/hub/error`]);
    await addRoute('/hub', hub.url, { jupyterhub: true });
    await addRoute('/user/alice', alice.url, { jupyterhub: true, user: 'alice' });
    await addRoute('/user/alice/lab', aliceLab.url);
    await addRoute('/user/bob', bob.url);
  });
  afterAll(async () => {
    await peer?.stop();
    await Promise.all([hub, alice, aliceLab, bob, errorTarget].map((backend) => backend?.close()));
  });

  it('answers /_chp_healthz itself', async () => {
    const reply = await get('/_chp_healthz');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ status: 'OK' });
  });

  it.each([
    ['/hub/api/users?limit=2', 'hub'],
    ['/user/alice', 'alice'],
    ['/user/alice/', 'alice'],
    ['/user/alice/tree/x.ipynb', 'alice'],
    ['/user/alice/lab', 'alice-lab'],
    ['/user/alice/lab/workspaces/auto-a', 'alice-lab'],
    ['/user/bob/api/kernels', 'bob'],
    ['/user/al%69ce/x', 'alice'],
  ])('forwards %s by longest prefix, path and query unchanged', async (path, backend) => {
    const reply = await get(path);
    expect(reply.status).toBe(200);
    const seen = JSON.parse(reply.body);
    expect([seen.backend, seen.url]).toEqual([backend, path]);
  });

  it.each(['/user/alicea/x', '/user/', '/nothing/here'])(
    'answers 404 via the error target for %s',
    async (path) => {
      const reply = await get(path);
      expect(reply.status).toBe(404);
      expect(reply.headers['content-type']).toBe('text/html; charset=UTF-8');
      expect(reply.body).toBe(`<p>error page hub/error/404 for ${path}</p>`);
    },
  );

  it.each([
    ['/user/alice/../bob/x', 'bob', '/user/bob/x'],
    ['/user/bob/%2e%2e/alice/', 'alice', '/user/alice/'],
    ['/hub/../user/alice/?a=1', 'alice', '/user/alice/?a=1'],
    ['/user/bob/./api', 'bob', '/user/bob/api'],
    ['/../../user/bob/x', 'bob', '/user/bob/x'],
    ['/user/bob/..%2Falice/', 'bob', '/user/bob/..%2Falice/'],
  ])(
    'resolves the traversal attempt %s before routing: %s gets %s',
    async (path, backend, forwarded) => {
      const reply = await get(path);
      const seen = JSON.parse(reply.body);
      expect([reply.status, seen.backend, seen.url]).toEqual([200, backend, forwarded]);
    },
  );

  it('adds X-Forwarded-* headers, appends to an incoming X-Forwarded-For and keeps Host', async () => {
    const seen = JSON.parse((await get('/user/alice/h', { 'X-Forwarded-For': '10.0.0.1' })).body);
    expect(seen.headers).toMatchObject({
      host: `127.0.0.1:${peer.port}`,
      'x-forwarded-for': '10.0.0.1,127.0.0.1',
      'x-forwarded-port': String(peer.port),
      'x-forwarded-proto': 'http',
      'x-forwarded-host': `127.0.0.1:${peer.port}`,
    });
  });

  it('answers pipelined requests on one connection in order, then closes when asked', async () => {
    const replies = await untilClosed(
      peer.port,
      'GET /user/alice/one HTTP/1.1\r\nHost: x\r\n\r\n' +
        'GET /user/bob/two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    // The echo backend's bodies are chunked: their JSON is read in place, in arrival order.
    expect(replies.match(/^HTTP\/1\.1 \d+/gm)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200']);
    expect(replies.match(/"url":"[^"]*"/g)).toEqual([
      '"url":"/user/alice/one"',
      '"url":"/user/bob/two"',
    ]);
  });

  it('answers an HTTP/1.0 client and closes the connection', async () => {
    const reply = await untilClosed(peer.port, 'GET /user/bob/old HTTP/1.0\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(reply.toLowerCase()).toContain('\r\nconnection: close\r\n');
    expect(reply).toContain('"backend":"bob"');
  });

  it('relays the status, repeated headers and body of the target', async () => {
    const cookies = await get('/user/alice/cookies');
    expect(cookies.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/']);
    const teapot = await get('/user/alice/status/418');
    expect(teapot.status).toBe(418);
    expect(JSON.parse(teapot.body).backend).toBe('alice');
  });

  it('streams a 5 MB upload and a 5 MB download', async () => {
    const upload = Buffer.alloc(5 * 1024 * 1024, 97);
    const sent = await request(`${peer.publicUrl}/user/alice/upload`, {
      method: 'POST',
      body: upload,
    });
    expect(JSON.parse(sent.body).bodyBytes).toBe(upload.length);
    const download = await get(`/user/alice/big?bytes=${5 * 1024 * 1024}`);
    expect([download.status, download.bytes]).toEqual([200, 5 * 1024 * 1024]);
  });

  it('relays HEAD, 204 and 304 answers without a body', async () => {
    const head = await request(`${peer.publicUrl}/user/alice/h`, { method: 'HEAD' });
    expect([head.status, head.bytes, head.headers['content-type']]).toEqual([
      200,
      0,
      'application/json',
    ]);
    for (const status of [204, 304]) {
      const reply = await get(`/user/alice/status/${status}`);
      expect([reply.status, reply.bytes]).toEqual([status, 0]);
    }
    expect(JSON.parse((await get('/user/alice/after')).body).backend).toBe('alice');
  });

  it('streams a chunked upload and one sent after Expect: 100-continue', async () => {
    const chunked = await request(`${peer.publicUrl}/user/alice/upload`, {
      method: 'POST',
      headers: { 'Transfer-Encoding': 'chunked' },
      body: Buffer.alloc(300_000, 98),
    });
    expect(JSON.parse(chunked.body).bodyBytes).toBe(300_000);
    const expected = await new Promise<{ continued: boolean; body: string }>((resolve, reject) => {
      let continued = false;
      const req = http.request(`${peer.publicUrl}/user/alice/upload`, {
        method: 'POST',
        headers: { 'Content-Length': 5, Expect: '100-continue' },
      });
      req.on('continue', () => {
        continued = true;
        req.end('hello');
      });
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ continued, body }));
      });
      req.on('error', reject);
    });
    expect(expected.continued).toBe(true);
    expect(JSON.parse(expected.body)).toMatchObject({ bodyBytes: 5 });
  });

  it('flushes Server-Sent Events as they come', async () => {
    // By order, not timing: the backend sends event 2 only once the client, having received
    // event 1 through the proxy, acknowledges it to the backend directly.
    const events = await new Promise<string[]>((resolve, reject) => {
      const seen: string[] = [];
      let text = '';
      http
        .get(`${peer.publicUrl}/user/alice/sse?id=${kind}-flush`, (res) => {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
            const all = [...text.matchAll(/^data: (.*)$/gm)].map((match) => match[1]);
            for (const event of all.slice(seen.length)) {
              seen.push(event);
              if (event === 'first') {
                http
                  .get(`${alice.url}/sse-ack?id=${kind}-flush`, (ack) => ack.resume())
                  .on('error', reject);
              }
            }
          });
          res.on('end', () => resolve(seen));
        })
        .on('error', reject);
    });
    expect(events).toEqual(['first', 'second']);
  });

  it('echoes WebSocket messages, text and binary, with the path unchanged', async () => {
    const { ws, hello } = await openSocket(
      `ws://127.0.0.1:${peer.port}/user/bob/api/kernels/k1/channels?session=s`,
    );
    expect([hello.backend, hello.url]).toEqual([
      'bob',
      '/user/bob/api/kernels/k1/channels?session=s',
    ]);
    expect(hello.headers['x-forwarded-proto']).toBe('ws');
    expect(hello.headers['x-forwarded-for']).toBe('127.0.0.1');
    const echoes: string[] = [];
    const got = new Promise<void>((resolve) =>
      ws.on('message', (data, isBinary) => {
        echoes.push(`${isBinary ? 'binary' : 'text'}:${data.toString()}`);
        if (echoes.length === 2) resolve();
      }),
    );
    ws.send('hello');
    ws.send(Buffer.from('bytes'), { binary: true });
    await got;
    expect(echoes).toEqual(['text:hello', 'binary:bytes']);
    ws.close();
  });

  it('answers a WebSocket upgrade without a route with 404', async () => {
    await expect(openSocket(`ws://127.0.0.1:${peer.port}/nowhere/ws`)).rejects.toThrow(
      'unexpected response 404',
    );
  });

  it('updates last_activity on successful requests and WebSocket traffic, not on errors', async () => {
    await addRoute('/user/carol', alice.url);
    const added = Date.parse((await route('/user/carol')).last_activity);
    await sleep(20);
    await get('/user/carol/status/404');
    expect(Date.parse((await route('/user/carol')).last_activity)).toBe(added);
    await get('/user/carol/ok');
    const afterHttp = Date.parse((await route('/user/carol')).last_activity);
    expect(afterHttp).toBeGreaterThan(added);
    const { ws } = await openSocket(`ws://127.0.0.1:${peer.port}/user/carol/ws`);
    await sleep(20);
    const echoed = new Promise((resolve) => ws.once('message', resolve));
    ws.send('ping');
    await echoed;
    expect(Date.parse((await route('/user/carol')).last_activity)).toBeGreaterThan(afterHttp);
    ws.close();
  });

  it('answers 503 via the error target when the target is down, other routes unaffected', async () => {
    const down = await startEchoBackend('down');
    await down.close();
    await addRoute('/user/down', down.url);
    const reply = await get('/user/down/lab?x=1');
    expect(reply.status).toBe(503);
    expect(reply.body).toBe('<p>error page hub/error/503 for /user/down/lab?x=1</p>');
    expect(errorTarget.requests).toContain('/hub/error/503?url=%2Fuser%2Fdown%2Flab%3Fx%3D1');
    expect((await get('/user/bob/still')).status).toBe(200);
  });

  it('answers 503 when the target resets the connection, other routes unaffected', async () => {
    const resetting = await startResettingBackend();
    try {
      await addRoute('/user/reset', resetting.url);
      for (let i = 0; i < 5; i++) expect((await get('/user/reset/x')).status).toBe(503);
      expect((await get('/user/bob/still')).status).toBe(200);
    } finally {
      await resetting.close();
    }
  });

  it('cuts the client off when the target resets in mid-body, other routes unaffected', async () => {
    const midBody = await startMidBodyResetBackend();
    try {
      await addRoute('/user/midbody', midBody.url);
      const outcome = await request(`${peer.publicUrl}/user/midbody/x`, { timeoutMs: 3000 }).then(
        (reply) => `complete ${reply.bytes}`,
        (error: Error) => `error ${error.message}`,
      );
      // CHP leaves the client waiting on the half-sent body (README: differences).
      expect(outcome).toMatch(
        kind === 'chp' ? /^error client timeout$/ : /^error (?!client timeout)/,
      );
      expect((await get('/user/bob/still')).status).toBe(200);
    } finally {
      await midBody.close();
    }
  });

  it('lets a WebSocket survive the removal of its route while new upgrades get 404', async () => {
    await addRoute('/user/dave', bob.url);
    const { ws } = await openSocket(`ws://127.0.0.1:${peer.port}/user/dave/ws`);
    await api(peer.apiUrl, peer.token, 'DELETE', '/user/dave');
    const echoed = new Promise((resolve) => ws.once('message', (data) => resolve(String(data))));
    ws.send('still here');
    await expect(echoed).resolves.toBe('still here');
    ws.close();
    await expect(openSocket(`ws://127.0.0.1:${peer.port}/user/dave/ws`)).rejects.toThrow(
      'unexpected response 404',
    );
  });
});
