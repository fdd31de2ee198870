import * as net from 'node:net';
import type { Readable } from 'node:stream';
import * as tls from 'node:tls';
import type { ParsedTarget } from './route-table';
import {
  type ConnectionOwner,
  UpstreamConnection,
  UpstreamExchange,
  type UpstreamHandler,
} from './upstream-connection';

export interface UpstreamPoolOptions {
  /** Milliseconds without a response head before the exchange fails; 0 waits forever. */
  headersTimeout: number;
}

/** How long an idle connection is kept when the target does not say (undici's default). */
const DEFAULT_IDLE_MS = 4_000;
/** Targets' keep-alive timeouts are cut by this margin, so a request never races their close. */
const IDLE_MARGIN_MS = 1_000;
const SWEEP_INTERVAL_MS = 1_000;
const UNSAFE_PATH = /[^\x21-\x7e]/;

export interface UpstreamRequest {
  method: string;
  /** The request target as sent: path and query. */
  path: string;
  /** Raw header pairs; `Host` is added from the target when absent. */
  headers: string[];
  /** The body to stream (framed by its Content-Length header when present, else chunked). */
  body: Readable | null;
}

/**
 * HTTP/1.1 client for the proxy's targets over raw sockets: one pool of keep-alive
 * connections per origin, reused most recently used first, idle ones closed before the
 * target's own keep-alive timeout. A request takes an idle connection or opens one (no limit,
 * as undici's Agent), and a kept-alive connection found closed is retried once on a new one.
 * Uses about a quarter less CPU per request than undici, whose generality the proxy pays
 * for on every request.
 */
export class UpstreamPool implements ConnectionOwner {
  private readonly idle = new Map<string, UpstreamConnection[]>();
  private readonly all = new Set<UpstreamConnection>();
  private readonly sweeper: NodeJS.Timeout;
  private idleMsHint: string | undefined;
  private idleMs = DEFAULT_IDLE_MS;

  constructor(private readonly options: UpstreamPoolOptions) {
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  /** Sends a request to a target; the handler hears the response. Returns it to abort or resume. */
  request(
    target: ParsedTarget,
    request: UpstreamRequest,
    handler: UpstreamHandler,
  ): UpstreamExchange {
    const { head, chunked } = requestHead(target, request);
    const exchange = new UpstreamExchange(
      target,
      head,
      request.method === 'HEAD',
      request.body,
      chunked,
      handler,
    );
    this.dispatch(target, exchange);
    return exchange;
  }

  retry(exchange: UpstreamExchange): void {
    this.connect(exchange.target).send(exchange);
  }

  release(connection: UpstreamConnection): void {
    const idleMs = this.idleTime(connection.keepAliveHint);
    if (idleMs <= 0) {
      connection.destroy();
      return;
    }
    connection.expiresAt = Date.now() + idleMs;
    let stack = this.idle.get(connection.origin);
    if (stack === undefined) {
      stack = [];
      this.idle.set(connection.origin, stack);
    }
    stack.push(connection);
  }

  /** Sockets open to targets, idle ones included: each holds a file descriptor. */
  get openSockets(): number {
    return this.all.size;
  }

  closed(connection: UpstreamConnection): void {
    this.all.delete(connection);
    const stack = this.idle.get(connection.origin);
    if (stack === undefined) return;
    const at = stack.indexOf(connection);
    if (at !== -1) stack.splice(at, 1);
  }

  /** Closes every connection, idle or busy. */
  close(): void {
    clearInterval(this.sweeper);
    for (const connection of this.all) connection.destroy();
    this.all.clear();
    this.idle.clear();
  }

  private dispatch(target: ParsedTarget, exchange: UpstreamExchange): void {
    const stack = this.idle.get(target.origin);
    if (stack !== undefined && stack.length > 0) {
      const now = Date.now();
      let connection = stack.pop();
      while (connection !== undefined && (connection.destroyed || connection.expiresAt <= now)) {
        connection.destroy();
        connection = stack.pop();
      }
      if (connection !== undefined) {
        connection.send(exchange);
        return;
      }
    }
    this.connect(target).send(exchange);
  }

  private connect(target: ParsedTarget): UpstreamConnection {
    const socket = target.secure
      ? tls.connect({
          host: target.hostname,
          port: target.port,
          servername: net.isIP(target.hostname) === 0 ? target.hostname : undefined,
          ALPNProtocols: ['http/1.1'],
        })
      : net.connect({ host: target.hostname, port: target.port });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    const connection = new UpstreamConnection(
      target.origin,
      socket,
      this,
      this.options.headersTimeout,
      target.secure ? 'secureConnect' : 'connect',
    );
    this.all.add(connection);
    return connection;
  }

  /** Idle milliseconds allowed by a `Keep-Alive: timeout=N` hint (cached: targets repeat it). */
  private idleTime(hint: string | undefined): number {
    if (hint === undefined) return DEFAULT_IDLE_MS;
    if (hint === this.idleMsHint) return this.idleMs;
    const match = /(?:^|[\s,])timeout\s*=\s*(\d+)/i.exec(hint);
    const idleMs = match === null ? DEFAULT_IDLE_MS : Number(match[1]) * 1000 - IDLE_MARGIN_MS;
    this.idleMsHint = hint;
    this.idleMs = idleMs;
    return idleMs;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [origin, stack] of this.idle) {
      if (stack.length === 0) this.idle.delete(origin);
      for (const connection of stack.filter((c) => c.expiresAt <= now)) connection.destroy();
    }
  }
}

/**
 * The request head, written with one write: request line, the given headers, `Host` when
 * missing and `Transfer-Encoding: chunked` for a body without Content-Length.
 */
export function requestHead(
  target: ParsedTarget,
  request: UpstreamRequest,
): { head: string; chunked: boolean } {
  // Request splitting guard: the path goes on the request line as it is.
  if (UNSAFE_PATH.test(request.path)) throw new Error('invalid request path');
  let head = request.method + ' ' + request.path + ' HTTP/1.1\r\n';
  let host = false;
  let contentLength = false;
  const headers = request.headers;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i];
    if (name.length === 4 && name.toLowerCase() === 'host') host = true;
    else if (name.length === 14 && name.toLowerCase() === 'content-length') contentLength = true;
    head += name + ': ' + headers[i + 1] + '\r\n';
  }
  if (!host) head += 'Host: ' + hostHeader(target) + '\r\n';
  const chunked = request.body !== null && !contentLength;
  if (chunked) head += 'Transfer-Encoding: chunked\r\n';
  return { head: head + '\r\n', chunked };
}

function hostHeader(target: ParsedTarget): string {
  const host = target.hostname.includes(':') ? `[${target.hostname}]` : target.hostname;
  const defaultPort = target.secure ? 443 : 80;
  return target.port === defaultPort ? host : `${host}:${target.port}`;
}
