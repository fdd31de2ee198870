import * as net from 'node:net';
import {
  ClientConnection,
  type ClientRequest,
  type ConnectionHandlers,
  type ConnectionSettings,
} from './client-connection';
import type { ClientResponse } from './client-response';

const KEEP_ALIVE = 'Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n';
const settings: ConnectionSettings = {
  keepAliveTimeout: 5000,
  headersTimeout: 60_000,
  maxHeadBytes: 16 * 1024,
  bodyTimeout: 300_000,
};

/** A server whose connections answer through `handlers`; `open` holds the live connections. */
async function serve(handlers: Partial<ConnectionHandlers>) {
  const open = new Set<ClientConnection>();
  const all: ConnectionHandlers = {
    request: () => undefined,
    upgrade: (_req, socket) => socket.destroy(),
    ...handlers,
  };
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    open.add(new ClientConnection(socket, all, settings, KEEP_ALIVE, (c) => open.delete(c)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const connect = () => net.connect(port, '127.0.0.1');
  const close = () =>
    new Promise<void>((resolve) => {
      for (const connection of open) connection.socket.destroy();
      server.close(() => resolve());
    });
  return { open, connect, close };
}

/** Everything a client receives until the server closes the connection. */
function receiveAll(socket: net.Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('close', () => resolve(text));
  });
}

/** Received text until it contains `count` occurrences of `marker`. */
function receiveUntil(socket: net.Socket, marker: string, count = 1): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (text.split(marker).length - 1 >= count) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
  });
}

function ok(res: ClientResponse, body = 'ok'): void {
  res.writeHead(200, 'OK', ['Content-Length', String(body.length)]);
  res.end(Buffer.from(body));
}

const readBody = (req: ClientRequest): Promise<string> =>
  new Promise((resolve) => {
    let text = '';
    req.body?.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.body?.on('end', () => resolve(text));
  });

describe('ClientConnection', () => {
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves several requests on one kept-alive connection', async () => {
    const urls: string[] = [];
    server = await serve({
      request: (req, res) => {
        urls.push(req.url);
        ok(res);
      },
    });
    const socket = server.connect();
    socket.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\n');
    const first = await receiveUntil(socket, '\r\n\r\nok');
    socket.write('GET /b HTTP/1.1\r\nHost: x\r\n\r\n');
    await receiveUntil(socket, '\r\n\r\nok');
    socket.destroy();
    expect(urls).toEqual(['/a', '/b']);
    expect(first).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(first).toContain('\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n');
    expect(first).toMatch(/\r\nDate: \w{3}, \d\d \w{3} \d{4} /);
  });

  it('answers pipelined requests in order, each only after the one before', async () => {
    const events: string[] = [];
    server = await serve({
      request: (req, res) => {
        events.push(`start ${req.url}`);
        // The first answer is slow: the second request must wait for it.
        setTimeout(
          () => {
            events.push(`end ${req.url}`);
            ok(res, req.url);
          },
          req.url === '/slow' ? 50 : 0,
        );
      },
    });
    const socket = server.connect();
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n');
    const text = await receiveUntil(socket, '\r\n\r\n/', 2);
    socket.destroy();
    expect(events).toEqual(['start /slow', 'end /slow', 'start /fast', 'end /fast']);
    expect(text.indexOf('\r\n\r\n/slow')).toBeLessThan(text.indexOf('\r\n\r\n/fast'));
  });

  it('frames a body without length as chunked for HTTP/1.1 and by closing for HTTP/1.0', async () => {
    server = await serve({
      request: (_req, res) => {
        res.writeHead(200, 'OK', ['Content-Type', 'text/plain']);
        res.write(Buffer.from('hello '));
        res.end(Buffer.from('world'));
      },
    });
    const v11 = server.connect();
    v11.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const chunked = await receiveUntil(v11, '0\r\n\r\n');
    v11.destroy();
    expect(chunked).toContain('Transfer-Encoding: chunked\r\n');
    expect(chunked.endsWith('\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n')).toBe(true);

    const v10 = server.connect();
    v10.write('GET / HTTP/1.0\r\n\r\n');
    const closed = await receiveAll(v10);
    expect(closed).toContain('Connection: close\r\n');
    expect(closed).not.toContain('Transfer-Encoding');
    expect(closed.endsWith('\r\n\r\nhello world')).toBe(true);
  });

  it("leaves out the target's hop-by-hop headers and frames the body itself", async () => {
    server = await serve({
      request: (_req, res) => {
        res.writeHead(200, 'OK', [
          ...['Connection', 'close', 'Keep-Alive', 'timeout=1', 'Transfer-Encoding', 'chunked'],
          ...['X-Kept', '1', 'Content-Length', '2'],
        ]);
        res.end(Buffer.from('ok'));
      },
    });
    const socket = server.connect();
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const head = (await receiveUntil(socket, '\r\n\r\nok')).split('\r\n\r\n')[0];
    socket.destroy();
    expect(head.split('\r\n').filter((line) => !line.startsWith('Date:'))).toEqual([
      'HTTP/1.1 200 OK',
      'X-Kept: 1',
      'Content-Length: 2',
      'Connection: keep-alive',
      'Keep-Alive: timeout=5',
    ]);
  });

  it('holds the head for the body that follows it, and sends it alone when flushed', async () => {
    let finish: (() => void) | undefined;
    server = await serve({
      request: (_req, res) => {
        res.writeHead(200, 'OK', ['Content-Type', 'text/event-stream']);
        res.flush();
        finish = () => res.end(Buffer.from('data: 1\n\n'));
      },
    });
    const socket = server.connect();
    socket.write('GET /events HTTP/1.1\r\nHost: x\r\n\r\n');
    const head = await receiveUntil(socket, '\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\n$/);
    const rest = receiveUntil(socket, '0\r\n\r\n');
    finish?.();
    expect(await rest).toBe('9\r\ndata: 1\n\n\r\n0\r\n\r\n');
    socket.destroy();
  });

  it('keeps an HTTP/1.0 connection only when the client asks for keep-alive', async () => {
    server = await serve({ request: (_req, res) => ok(res) });
    const socket = server.connect();
    socket.write('GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    expect(await receiveUntil(socket, '\r\n\r\nok')).toContain(KEEP_ALIVE);
    socket.write('GET / HTTP/1.0\r\n\r\n');
    expect(await receiveAll(socket)).toContain('Connection: close\r\n');
  });

  it('writes no body in answer to HEAD, keeping the Content-Length', async () => {
    server = await serve({ request: (_req, res) => ok(res, 'twelve bytes') });
    const socket = server.connect();
    socket.write('HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const text = await receiveAll(socket);
    expect(text).toContain('Content-Length: 12\r\n');
    expect(text.endsWith('\r\n\r\n')).toBe(true);
  });

  it('streams Content-Length and chunked request bodies to the handler', async () => {
    const bodies: string[] = [];
    server = await serve({
      request: (req, res) =>
        void readBody(req).then((body) => {
          bodies.push(body);
          ok(res);
        }),
    });
    const socket = server.connect();
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab');
    setTimeout(() => socket.write('cde'), 20);
    await receiveUntil(socket, '\r\n\r\nok');
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n');
    setTimeout(() => socket.write('2\r\n!!\r\n0\r\n\r\n'), 20);
    await receiveUntil(socket, '\r\n\r\nok');
    socket.destroy();
    expect(bodies).toEqual(['abcde', 'xyz!!']);
  });

  it('answers Expect: 100-continue before the handler reads the body', async () => {
    server = await serve({ request: (req, res) => void readBody(req).then(() => ok(res)) });
    const socket = server.connect();
    socket.write('PUT / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n');
    expect(await receiveUntil(socket, '\r\n\r\n')).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    socket.write('abc');
    await receiveUntil(socket, '\r\n\r\nok');
    socket.destroy();
  });

  it('drops the rest of a body answered early and serves the next request', async () => {
    server = await serve({
      request: (req, res) => (req.method === 'POST' ? ok(res, 'early') : ok(res)),
    });
    const socket = server.connect();
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nabc');
    await receiveUntil(socket, 'early');
    socket.write('def');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await receiveUntil(socket, '\r\n\r\nok')).toMatch(/^HTTP\/1\.1 200 OK/);
    socket.destroy();
  });

  it('aborts what is in flight when the client half-closes, as node:http does', async () => {
    let aborted = false;
    server = await serve({
      request: (_req, res) => {
        res.onAbort = () => (aborted = true);
      },
    });
    const socket = server.connect();
    socket.end('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await receiveAll(socket)).toBe('');
    expect(aborted).toBe(true);
  });

  it.each([
    ['a malformed request line', 400, 'GET\r\n\r\n'],
    ['a head over the limit', 431, `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`],
  ])('answers %s with %i and closes', async (_name, status, text) => {
    server = await serve({});
    const socket = server.connect();
    socket.write(text);
    const reply = await receiveAll(socket);
    expect(reply).toMatch(
      new RegExp(`^HTTP/1.1 ${status} [^\\r]+\\r\\nConnection: close\\r\\n\\r\\n$`),
    );
  });

  it('answers 408 to a head still incomplete after headersTimeout, and closes idle ones', async () => {
    server = await serve({ request: (_req, res) => ok(res) });
    const slow = server.connect();
    slow.write('GET / HTTP/1.1\r\nHost: x\r\n');
    const idle = server.connect();
    idle.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await receiveUntil(idle, '\r\n\r\nok');
    const replies = [receiveAll(slow), receiveAll(idle)];
    const later = Date.now() + settings.headersTimeout + 1;
    for (const connection of server.open) connection.checkTimeout(later);
    const [slowReply, idleReply] = await Promise.all(replies);
    expect(slowReply).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(idleReply).toBe('');
  });

  it('keeps a connection whose request is in flight, however long it takes', async () => {
    let answer: (() => void) | undefined;
    server = await serve({ request: (_req, res) => (answer = () => ok(res)) });
    const socket = server.connect();
    socket.write('GET /events HTTP/1.1\r\nHost: x\r\n\r\n');
    while (answer === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    for (const connection of server.open) connection.checkTimeout(Date.now() + 3_600_000);
    const reply = receiveUntil(socket, '\r\n\r\nok');
    answer();
    expect(await reply).toMatch(/^HTTP\/1\.1 200 OK/);
    socket.destroy();
  });

  it('hands an upgrade request over with the bytes that followed its head', async () => {
    const handed = new Promise<[string, string]>((resolve) => {
      void serve({
        upgrade: (req, socket, head) => {
          resolve([req.url, head.toString()]);
          socket.end();
        },
      }).then((started) => {
        server = started;
        const socket = started.connect();
        socket.write(
          'GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\nframe',
        );
      });
    });
    expect(await handed).toEqual(['/ws', 'frame']);
    expect(server?.open.size).toBe(0);
  });

  it('tells the response when the client goes away before it is written', async () => {
    let aborted = false;
    let connected: (() => void) | undefined;
    const arrived = new Promise<void>((resolve) => (connected = resolve));
    server = await serve({
      request: (_req, res) => {
        res.onAbort = () => (aborted = true);
        connected?.();
      },
    });
    const socket = server.connect();
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await arrived;
    socket.destroy();
    while (server.open.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(aborted).toBe(true);
  });
});
