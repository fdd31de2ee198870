import * as http from 'node:http';
import * as net from 'node:net';

/** Plain HTTP clients for the suite: no URL normalisation, no pooled connections. */

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  bytes: number;
}

/** `url` is split by hand: Node's URL parsing would resolve `..` segments before sending. */
export function request(
  url: string,
  options: {
    method?: string;
    headers?: http.OutgoingHttpHeaders;
    body?: string | Buffer;
    timeoutMs?: number;
  } = {},
): Promise<Reply> {
  const [, hostname, port, path] = /^http:\/\/([^:/]+):(\d+)(.*)$/.exec(url) ?? [];
  return new Promise((resolve, reject) => {
    const target = { hostname, port: Number(port), path: path || '/' };
    const req = http.request(
      { ...target, method: options.method ?? 'GET', headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: body.toString('utf8'),
            bytes: body.length,
          });
        });
      },
    );
    req.on('error', reject);
    if (options.timeoutMs !== undefined) {
      req.setTimeout(options.timeoutMs, () => req.destroy(new Error('client timeout')));
    }
    req.end(options.body);
  });
}

/** Route API calls with the peer's token unless `token` says otherwise. */
export function api(
  apiUrl: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply> {
  const headers: http.OutgoingHttpHeaders = {};
  if (token !== null) headers.Authorization = `token ${token}`;
  const payload =
    body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return request(`${apiUrl}/api/routes${path}`, { method, headers, body: payload });
}

/** Writes raw bytes and collects whatever comes back until the server closes or `waitMs` passes. */
export function rawExchange(port: number, text: string | Buffer, waitMs = 3000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      // One complete response is enough: stop at the end of a Content-Length body.
      const head = received.indexOf('\r\n\r\n');
      const length = /content-length: *(\d+)/i.exec(received.slice(0, head));
      if (head !== -1 && length && received.length >= head + 4 + Number(length[1])) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(text);
  });
}

/** The status code of the first response line of a raw exchange, or 0. */
export function statusOf(raw: string): number {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
  return match ? Number(match[1]) : 0;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
