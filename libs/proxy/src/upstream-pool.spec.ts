import * as net from 'node:net';
import { PassThrough } from 'node:stream';
import { parseTarget } from './route-table';
import type { UpstreamHandler } from './upstream-connection';
import { requestHead, UpstreamPool, type UpstreamRequest } from './upstream-pool';

/**
 * The pool against raw TCP targets on 127.0.0.1 that write exactly the bytes a test needs,
 * so framing, splits, resets and reuse are on the wire as they would be from a real target.
 */

interface RawTarget {
  url: string;
  /** Connections accepted so far. */
  connections: number;
  /** Every request's bytes as received, per connection. */
  received: string[];
  close(): Promise<void>;
}

/** A target whose `respond` gets each connection's socket and what arrived on it so far. */
async function rawTarget(
  respond: (socket: net.Socket, received: string, connection: number) => void,
): Promise<RawTarget> {
  const sockets = new Set<net.Socket>();
  const target: RawTarget = { url: '', connections: 0, received: [], close: async () => undefined };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const connection = target.connections++;
    target.received[connection] = '';
    socket.on('data', (data) => {
      target.received[connection] += data.toString('latin1');
      respond(socket, target.received[connection], connection);
    });
    socket.on('error', () => undefined); // resets are what some tests do on purpose
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  target.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  target.close = () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return target;
}

/** Count of complete requests (heads ending in a blank line, bodies ignored) in `received`. */
function requestCount(received: string): number {
  return received.split('\r\n\r\n').length - 1;
}

interface Outcome {
  status?: number;
  headers?: string[];
  body: string;
  error?: Error;
}

function send(
  pool: UpstreamPool,
  url: string,
  request: Partial<UpstreamRequest> = {},
  handlerOverrides: Partial<UpstreamHandler> = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { body: '' };
    pool.request(
      parseTarget(url),
      { method: 'GET', path: '/x', headers: [], body: null, ...request },
      {
        onHead: (status, _reason, headers) => Object.assign(outcome, { status, headers }),
        onBody: (chunk) => {
          outcome.body += chunk.toString('latin1');
          return true;
        },
        onComplete: (last) => {
          if (last !== undefined) outcome.body += last.toString('latin1');
          resolve(outcome);
        },
        onError: (error) => resolve({ ...outcome, error }),
        ...handlerOverrides,
      },
    );
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('UpstreamPool', () => {
  let pool: UpstreamPool;
  let target: RawTarget | undefined;
  beforeEach(() => {
    pool = new UpstreamPool({ headersTimeout: 0 });
  });
  afterEach(async () => {
    pool.close();
    await target?.close();
    target = undefined;
  });

  it('reuses a kept-alive connection once a full body has been read', async () => {
    target = await rawTarget((socket, received) => {
      const count = requestCount(received);
      socket.write(
        `HTTP/1.1 200 OK\r\nContent-Length: 2\r\nKeep-Alive: timeout=5\r\n\r\nr${count}`,
      );
    });
    expect(await send(pool, target.url)).toMatchObject({ status: 200, body: 'r1' });
    expect(await send(pool, target.url)).toMatchObject({ status: 200, body: 'r2' });
    expect(await send(pool, target.url)).toMatchObject({ status: 200, body: 'r3' });
    expect(target.connections).toBe(1);
  });

  it('delivers a chunked body written in pieces at odd boundaries', async () => {
    const response =
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n4\r\ndefg\r\n0\r\nTrailer: x\r\n\r\n';
    target = await rawTarget((socket) => {
      let at = 0;
      const pump = () => {
        if (at >= response.length) return;
        socket.write(response.slice(at, at + 5));
        at += 5;
        setTimeout(pump, 1);
      };
      pump();
    });
    expect(await send(pool, target.url)).toMatchObject({ status: 200, body: 'abcdefg' });
    expect(await send(pool, target.url)).toMatchObject({ body: 'abcdefg' });
    expect(target.connections).toBe(1);
  });

  it('reads a response without length to the close and opens a new connection next time', async () => {
    target = await rawTarget((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil ');
      setTimeout(() => socket.end('the end'), 10);
    });
    expect(await send(pool, target.url)).toMatchObject({ status: 200, body: 'until the end' });
    expect(await send(pool, target.url)).toMatchObject({ body: 'until the end' });
    expect(target.connections).toBe(2);
  });

  it('fails an exchange whose target resets mid-response, after the head', async () => {
    target = await rawTarget((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\npartial');
      setTimeout(() => socket.resetAndDestroy(), 10);
    });
    const outcome = await send(pool, target.url);
    expect(outcome.status).toBe(200);
    expect(outcome.body).toBe('partial');
    expect(outcome.error?.message).toMatch(/ECONNRESET|closed/);
  });

  it('fails an exchange whose target resets before answering, and one whose target is down', async () => {
    target = await rawTarget((socket) => socket.resetAndDestroy());
    const reset = await send(pool, target.url);
    expect(reset.status).toBeUndefined();
    expect(reset.error?.message).toMatch(/ECONNRESET|closed/);
    const url = target.url;
    await target.close();
    target = undefined;
    const down = await send(pool, url);
    expect(down.error?.message).toMatch(/ECONNREFUSED/);
  });

  it('retries once on a new connection when a kept-alive one turns out closed', async () => {
    target = await rawTarget((socket, received, connection) => {
      // The first connection answers once, then drops the next request unanswered.
      if (connection === 0 && requestCount(received) > 1) return void socket.destroy();
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
    expect(await send(pool, target.url)).toMatchObject({ body: 'ok' });
    expect(await send(pool, target.url)).toMatchObject({ status: 200, body: 'ok' });
    expect(target.connections).toBe(2);
  });

  it('does not reuse a connection the target asked to close', async () => {
    target = await rawTarget((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok');
    });
    await send(pool, target.url);
    await send(pool, target.url);
    expect(target.connections).toBe(2);
  });

  it('drops an idle connection that the target closes', async () => {
    target = await rawTarget((socket) => {
      socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
    });
    await send(pool, target.url);
    await sleep(20);
    expect(await send(pool, target.url)).toMatchObject({ status: 200, body: 'ok' });
    expect(target.connections).toBe(2);
  });

  it('streams a body without length as chunks and one with a length as it is', async () => {
    target = await rawTarget((socket, received) => {
      if (received.endsWith('0\r\n\r\n') || received.endsWith('hello world'))
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n');
    });
    const chunkedBody = new PassThrough();
    const chunked = send(pool, target.url, { method: 'POST', body: chunkedBody });
    chunkedBody.write('hello ');
    await sleep(5);
    chunkedBody.end('world');
    expect(await chunked).toMatchObject({ status: 200 });
    expect(target.received[0]).toContain(
      'Transfer-Encoding: chunked\r\n\r\n6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n',
    );

    const lengthBody = new PassThrough();
    const withLength = send(pool, target.url, {
      method: 'PUT',
      headers: ['Content-Length', '11'],
      body: lengthBody,
    });
    lengthBody.end('hello world');
    expect(await withLength).toMatchObject({ status: 200 });
    expect(target.received[0]).toMatch(
      /PUT \/x HTTP\/1.1\r\nContent-Length: 11\r\nHost: [^\r]+\r\n\r\nhello world$/,
    );
    expect(target.connections).toBe(1);
  });

  it('pauses the target while the handler is full and resumes it', async () => {
    target = await rawTarget((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabc');
      setTimeout(() => socket.write('def'), 20);
    });
    let resume: (() => void) | undefined;
    const exchangeDone = new Promise<string>((resolve) => {
      let body = '';
      const exchange = pool.request(
        parseTarget(target!.url),
        { method: 'GET', path: '/', headers: [], body: null },
        {
          onHead: () => undefined,
          onBody: (chunk) => {
            body += chunk.toString();
            resume = () => exchange.resume();
            return false;
          },
          onComplete: (last) => resolve(body + (last?.toString() ?? '')),
          onError: (error) => resolve(error.message),
        },
      );
    });
    await sleep(60);
    expect(resume).toBeDefined();
    resume!();
    expect(await exchangeDone).toBe('abcdef');
  });

  it('fails when the target sends no head within the headers timeout', async () => {
    pool.close();
    pool = new UpstreamPool({ headersTimeout: 50 });
    target = await rawTarget(() => undefined);
    const outcome = await send(pool, target.url);
    expect(outcome.error?.message).toBe('target response timeout');
  });
});

describe('requestHead', () => {
  const target = parseTarget('http://127.0.0.1:8888/prefix');

  it('adds the target as Host when the request has none and keeps a given one', () => {
    expect(
      requestHead(target, {
        method: 'GET',
        path: '/a?b=1',
        headers: ['Accept', '*/*'],
        body: null,
      }),
    ).toEqual({
      head: 'GET /a?b=1 HTTP/1.1\r\nAccept: */*\r\nHost: 127.0.0.1:8888\r\n\r\n',
      chunked: false,
    });
    const given = requestHead(target, {
      method: 'GET',
      path: '/',
      headers: ['host', 'hub.example'],
      body: null,
    });
    expect(given.head).toBe('GET / HTTP/1.1\r\nhost: hub.example\r\n\r\n');
  });

  it('refuses a path that would split the request line', () => {
    expect(() =>
      requestHead(target, { method: 'GET', path: '/a HTTP/1.1\r\nX: y', headers: [], body: null }),
    ).toThrow('invalid request path');
  });
});
