import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ChpRestApi } from './chp-rest-api';
import { ErrorPages } from './error-pages';
import { HttpForwarder } from './http-forwarder';
import { type ProxyLogger, silentLogger } from './proxy-logger';
import { normaliseUrl, routingPath } from './request-path';
import { type RouteData, type RouteEntry, routeModel, RouteTable } from './route-table';
import { WebSocketForwarder } from './websocket-forwarder';

export interface ProxyServerOptions {
  /** Public interface; '' or undefined listens on all. */
  ip?: string;
  port: number;
  /** The CHP REST API listens only when apiPort is given (the in-process hub calls methods). */
  apiIp?: string;
  apiPort?: number;
  authToken?: string;
  defaultTarget?: string;
  errorTarget?: string;
  /** TLS on the public port: anything `https.createServer` accepts (key, cert, ca, ...). */
  ssl?: https.ServerOptions;
  hostRouting?: boolean;
  /** Add X-Forwarded-* headers (default true; CHP's `--no-x-forward` turns it off). */
  xForward?: boolean;
  /** Milliseconds to wait for a target's response head before 503; default 0, no limit. */
  proxyTimeout?: number;
  /** Milliseconds a client may take to send its request head (slowloris guard); Node's 60 s default. */
  headersTimeout?: number;
  keepAliveTimeout?: number;
  log?: ProxyLogger;
  /** Clock of `last_activity`, in epoch milliseconds. */
  now?: () => number;
}

export interface ListeningAddresses {
  port: number;
  apiPort?: number;
}

const HEALTH_BODY = JSON.stringify({ status: 'OK' });

/**
 * The proxy: public server (HTTP and WebSocket forwarding by longest-prefix route), optional
 * CHP REST API server, and route methods for a hub that embeds it. Plain node:http in the
 * data path: no framework, no per-request logging above debug.
 */
export class ProxyServer {
  private table: RouteTable | undefined;
  private publicServer: http.Server | https.Server | undefined;
  private apiServer: http.Server | undefined;
  private forwarder: HttpForwarder | undefined;
  private errors: ErrorPages | undefined;
  private websockets: WebSocketForwarder | undefined;

  async start(options: ProxyServerOptions): Promise<ListeningAddresses> {
    if (this.table !== undefined) throw new Error('ProxyServer already started');
    const log = options.log ?? silentLogger;
    const hostRouting = options.hostRouting === true;
    const xForward = options.xForward !== false;
    const table = new RouteTable(hostRouting, options.now);
    const errors = new ErrorPages(options.errorTarget, log);
    const forwarder = new HttpForwarder(table, errors, log, {
      xForward,
      proxyTimeout: options.proxyTimeout ?? 0,
    });
    const websockets = new WebSocketForwarder(table, errors, log, xForward);
    if (options.defaultTarget !== undefined) table.add('/', { target: options.defaultTarget });

    // Also normalises req.url in place: the target gets the path that was routed.
    const match = (req: http.IncomingMessage): RouteEntry | null | undefined => {
      const url = normaliseUrl(req.url ?? '/');
      req.url = url;
      const path = routingPath(url, hostRouting ? req.headers.host : undefined, hostRouting);
      return path === null ? null : table.match(path);
    };
    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse): void => {
      if (req.url === '/_chp_healthz') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(HEALTH_BODY);
        return;
      }
      const entry = match(req);
      if (entry === undefined || entry === null)
        errors.respond(req, res, entry === null ? 400 : 404);
      else forwarder.forward(req, res, entry);
    };
    const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer): void => {
      const entry = match(req);
      if (entry === undefined || entry === null)
        errors.respondUpgrade(socket, entry === null ? 400 : 404);
      else websockets.forward(req, socket, head, entry);
    };

    const serverOptions: http.ServerOptions = {
      keepAlive: true,
      keepAliveTimeout: options.keepAliveTimeout ?? 5000,
      headersTimeout: options.headersTimeout ?? 60_000,
      // Uploads may legitimately take longer than Node's 5-minute default for a whole request.
      requestTimeout: 0,
      noDelay: true,
    };
    const publicServer = options.ssl
      ? https.createServer({ ...options.ssl, ...serverOptions }, onRequest)
      : http.createServer(serverOptions, onRequest);
    publicServer.on('upgrade', onUpgrade);

    this.table = table;
    this.forwarder = forwarder;
    this.errors = errors;
    this.websockets = websockets;
    this.publicServer = publicServer;
    const port = await listen(publicServer, options.port, options.ip);
    log.info(
      `Proxying ${options.ssl ? 'https' : 'http'}://${options.ip || '*'}:${port} to ${options.defaultTarget ?? '(no default)'}`,
    );
    if (options.apiPort === undefined) return { port };

    const api = new ChpRestApi(table, options.authToken, log);
    this.apiServer = http.createServer(api.handle);
    const apiPort = await listen(this.apiServer, options.apiPort, options.apiIp);
    log.info(`Proxy API at http://${options.apiIp || '*'}:${apiPort}/api/routes`);
    return { port, apiPort };
  }

  async stop(): Promise<void> {
    for (const socket of this.websockets?.open ?? []) socket.destroy();
    await Promise.all([close(this.publicServer), close(this.apiServer)]);
    await this.forwarder?.close();
    this.errors?.close();
    this.table = undefined;
    this.publicServer = undefined;
    this.apiServer = undefined;
  }

  /** Adds or replaces a route with CHP semantics: `path` is a CHP key, `data` holds `target`. */
  addRoute(path: string, data: RouteData): void {
    this.routes().add(path, { ...data });
  }

  /** Returns whether the route existed. */
  removeRoute(path: string): boolean {
    return this.routes().remove(path);
  }

  getRoute(path: string): Record<string, unknown> | undefined {
    const entry = this.routes().get(path);
    return entry === undefined ? undefined : routeModel(entry);
  }

  /** All routes as `GET /api/routes` returns them, optionally only those inactive since a date. */
  getRoutes(inactiveSince?: Date): Record<string, Record<string, unknown>> {
    const all: Record<string, Record<string, unknown>> = {};
    for (const entry of this.routes().list(inactiveSince)) all[entry.prefix] = routeModel(entry);
    return all;
  }

  private routes(): RouteTable {
    if (this.table === undefined) throw new Error('ProxyServer is not started');
    return this.table;
  }
}

function listen(server: http.Server, port: number, ip: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, ip || undefined, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: http.Server | undefined): Promise<void> {
  if (server === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
