import * as http from 'node:http';
import * as net from 'node:net';
import { WebSocketServer } from 'ws';

/** Targets the proxies forward to, each on its own free port on 127.0.0.1. */

export interface Backend {
  url: string;
  port: number;
  close(): Promise<void>;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}

function closer(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

function track(server: net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return sockets;
}

/** How long an `/sse` stream waits for the ack of its first event before sending the second. */
const SSE_ACK_WAIT_MS = 10_000;

/**
 * Answers with JSON describing the request it got (`backend`, `url`, `method`, `headers`,
 * `bodyBytes`), except for paths ending in: `/big` (a streamed body of `?bytes=` bytes), `/sse`
 * (two events, see below), `/sse-ack` (lets the `/sse` stream of `?id=` send its second event),
 * `/cookies` (two Set-Cookie headers), `/status/<n>`. WebSocket connections first receive
 * `{url, headers}`, then every message is echoed.
 */
export async function startEchoBackend(name: string): Promise<Backend> {
  const sseWaiting = new Map<string, () => void>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname.endsWith('/big')) {
      const total = Number(url.searchParams.get('bytes'));
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 120);
      let sent = 0;
      const pump = () => {
        while (sent < total) {
          const piece = chunk.subarray(0, Math.min(chunk.length, total - sent));
          sent += piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        res.end();
      };
      return pump();
    }
    if (url.pathname.endsWith('/sse')) {
      // The second event waits for the client's ack of the first (sent to this backend, not
      // through the proxy): a proxy that held event 1 back would leave it waiting, and after
      // SSE_ACK_WAIT_MS it is sent anyway, named so that the client sees what happened.
      const id = url.searchParams.get('id') ?? '';
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
      res.write('data: first\n\n');
      const send = (event: string) => {
        clearTimeout(timer);
        sseWaiting.delete(id);
        res.end(`data: ${event}\n\n`);
      };
      const timer = setTimeout(() => send('second-without-ack'), SSE_ACK_WAIT_MS);
      sseWaiting.set(id, () => send('second'));
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if (url.pathname.endsWith('/sse-ack')) {
      sseWaiting.get(url.searchParams.get('id') ?? '')?.();
      return void res.end();
    }
    const status = /\/status\/(\d{3})$/.exec(url.pathname);
    let bodyBytes = 0;
    req.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
    req.on('end', () => {
      const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/json' };
      if (url.pathname.endsWith('/cookies')) headers['Set-Cookie'] = ['a=1; Path=/', 'b=2; Path=/'];
      res.writeHead(status ? Number(status[1]) : 200, headers);
      res.end(
        JSON.stringify({
          backend: name,
          url: req.url,
          method: req.method,
          headers: req.headers,
          bodyBytes,
        }),
      );
    });
  });
  const sockets = track(server);
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws, req) => {
    ws.send(JSON.stringify({ backend: name, url: req.url, headers: req.headers }));
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await closer(server, sockets)();
    },
  };
}

/** Accepts connections and resets each one as soon as a request arrives. */
export async function startResettingBackend(): Promise<Backend> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => socket.resetAndDestroy());
  });
  const sockets = track(server);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, close: closer(server, sockets) };
}

/** Sends a response head and half of a declared body, then resets the connection. */
export async function startMidBodyResetBackend(): Promise<Backend> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => {
      socket.write(
        'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n' +
          'x'.repeat(500),
      );
      setTimeout(() => socket.resetAndDestroy(), 50);
    });
  });
  const sockets = track(server);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, close: closer(server, sockets) };
}

/** The hub's role for `--error-target`: renders `/<code>?url=...` as a small HTML page. */
export async function startErrorTarget(): Promise<Backend & { requests: string[] }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    res.writeHead(200, { 'Content-Type': 'text/html; charset=UTF-8' });
    res.end(`<p>error page ${url.pathname.slice(1)} for ${url.searchParams.get('url')}</p>`);
  });
  const sockets = track(server);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, requests, close: closer(server, sockets) };
}

/**
 * Answers every request on a connection with the raw response text `respond` returns for its
 * path, as written (no framing fixed up): for targets that break or stretch HTTP's framing rules.
 */
export async function startRawBackend(respond: (path: string) => string): Promise<Backend> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      for (let end = received.indexOf('\r\n\r\n'); end !== -1; end = received.indexOf('\r\n\r\n')) {
        const path = received.split(' ')[1] ?? '/';
        received = received.slice(end + 4);
        socket.write(respond(path), 'latin1');
      }
    });
  });
  const sockets = track(server);
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, close: closer(server, sockets) };
}
