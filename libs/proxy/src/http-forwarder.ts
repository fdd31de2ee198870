import type { TLSSocket } from 'node:tls';
import type { ClientRequest } from './client-connection';
import type { ClientResponse } from './client-response';
import type { ErrorPages } from './error-pages';
import { targetRequestHeaders } from './forwarded-headers';
import type { ProxyLogger } from './proxy-logger';
import type { RouteEntry, RouteTable } from './route-table';
import { withoutServiceWorkerScope } from './service-worker-scope';
import { redactUrl } from './url-redaction';
import type { UpstreamExchange, UpstreamHandler } from './upstream-connection';
import { UpstreamPool } from './upstream-pool';
import { UpstreamParseError } from './upstream-response-parser';

export interface HttpForwardOptions {
  xForward: boolean;
  /** Milliseconds without a response head from the target before answering 503; 0 waits forever. */
  proxyTimeout: number;
}

/**
 * Forwards HTTP requests to their route's target through the proxy's own keep-alive pools
 * (`UpstreamPool`) and streams both bodies: nothing is buffered whole, each response chunk is
 * written as it arrives (which is what flushes Server-Sent Events), and a slow client pauses
 * the target. No body timeout: event streams and long polls may stay silent for minutes, as
 * with CHP.
 */
export class HttpForwarder {
  private readonly pool: UpstreamPool;

  constructor(
    private readonly table: RouteTable,
    private readonly errors: ErrorPages,
    private readonly log: ProxyLogger,
    private readonly options: HttpForwardOptions,
  ) {
    this.pool = new UpstreamPool({ headersTimeout: options.proxyTimeout });
  }

  forward(req: ClientRequest, res: ClientResponse, entry: RouteEntry): void {
    const socket = req.socket as TLSSocket;
    const headers = targetRequestHeaders(
      req.rawHeaders,
      {
        remoteAddress: socket.remoteAddress,
        encrypted: socket.encrypted === true,
        xForward: this.options.xForward,
      },
      false,
    );
    const handler = new ForwardHandler(this, req, res, entry);
    try {
      handler.exchange = this.pool.request(
        entry.target,
        {
          method: req.method,
          path: entry.target.pathPrefix + req.url,
          headers,
          body: req.body,
        },
        handler,
      );
    } catch (error) {
      this.fail(req, res, entry, error as Error);
    }
  }

  /** Sockets open to targets, for the public port's descriptor budget. */
  get openSockets(): number {
    return this.pool.openSockets;
  }

  touch(entry: RouteEntry): void {
    this.table.touch(entry);
  }

  fail(req: ClientRequest, res: ClientResponse, entry: RouteEntry, error: Error): void {
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    const path = redactUrl(req.url.split('?', 1)[0]);
    // CHP answers 503 to every failure; a target's malformed answer is a bad gateway.
    const status = error instanceof UpstreamParseError ? 502 : 503;
    this.log.warn(`${status} ${req.method} ${path} ${entry.target.url}: ${error.message}`);
    this.errors.respond(req, res, status);
  }

  close(): Promise<void> {
    this.pool.close();
    return Promise.resolve();
  }
}

/** One forwarded exchange: relays the target's response to the client as it comes. */
class ForwardHandler implements UpstreamHandler {
  exchange: UpstreamExchange | undefined;
  private status = 0;

  constructor(
    private readonly forwarder: HttpForwarder,
    private readonly req: ClientRequest,
    private readonly res: ClientResponse,
    private readonly entry: RouteEntry,
  ) {
    res.onAbort = () => this.exchange?.abort();
  }

  onHead(status: number, reason: string, raw: string[]): void {
    this.status = status;
    const hub = this.entry.data.hub === true;
    this.res.writeHead(status, reason, hub ? raw : withoutServiceWorkerScope(raw));
    if (status < 300) this.forwarder.touch(this.entry);
  }

  /** Returning false pauses the target until the client drains (listener added only then). */
  onBody(chunk: Buffer): boolean {
    if (this.res.write(chunk)) return true;
    this.res.onceDrain(() => this.exchange?.resume());
    return false;
  }

  onReadEnd(): void {
    this.res.flush();
  }

  onComplete(last: Buffer | undefined): void {
    this.res.end(last);
    // Long downloads and event streams count as activity when they end, too.
    if (this.status < 300) this.forwarder.touch(this.entry);
  }

  onError(error: Error): void {
    this.forwarder.fail(this.req, this.res, this.entry, error);
  }
}
