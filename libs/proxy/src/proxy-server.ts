import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { ChpRestApi } from './chp-rest-api';
import {
  ClientConnection,
  type ClientRequest,
  type ConnectionHandlers,
  type ConnectionSettings,
} from './client-connection';
import { ConnectionsPerAddress } from './connections-per-address';
import { ErrorPages } from './error-pages';
import { softFdLimit } from './fd-limit';
import { HttpForwarder } from './http-forwarder';
import { type ProxyLogger, silentLogger } from './proxy-logger';
import { normaliseUrl, routingPath } from './request-path';
import { type RouteData, type RouteEntry, routeModel, RouteTable } from './route-table';
import { WebSocketForwarder } from './websocket-forwarder';

export interface ProxyServerOptions {
  /** Public interface; '' or undefined listens on all. */
  ip?: string;
  port: number;
  /** A Unix socket the public server listens on instead of ip and port (CHP 5.3's `--socket`). */
  socket?: string;
  /** The CHP REST API listens only when apiPort (or apiSocket) is given (the in-process hub calls methods). */
  apiIp?: string;
  apiPort?: number;
  /** A Unix socket for the REST API instead of apiIp and apiPort (`--api-socket`). */
  apiSocket?: string;
  /** TLS on the REST API (`--api-ssl-*`): key, cert, and the client certificates it demands. */
  apiSsl?: tls.TlsOptions;
  authToken?: string;
  defaultTarget?: string;
  errorTarget?: string;
  /** TLS on the public port: anything `tls.createServer` accepts (key, cert, ca, ...). */
  ssl?: tls.TlsOptions;
  hostRouting?: boolean;
  /** Add X-Forwarded-* headers (default true; CHP's `--no-x-forward` turns it off). */
  xForward?: boolean;
  /** Milliseconds to wait for a target's response head before 503; default 0, no limit. */
  proxyTimeout?: number;
  /** Milliseconds a client may take to send its request head (slowloris guard); Node's 60 s default. */
  headersTimeout?: number;
  keepAliveTimeout?: number;
  /** Milliseconds a client may take to send a request body after its head, before 408; 300 s as node:http's requestTimeout. */
  requestTimeout?: number;
  /** Open public connections one client address may hold; more are closed at once (default 256). */
  maxConnectionsPerIp?: number;
  /**
   * File descriptors left for everything but the public port (the hub API, the database, the
   * connections to targets): the public port closes new connections at once past the soft
   * limit minus this (default 512).
   */
  fdReserve?: number;
  log?: ProxyLogger;
  /** Clock of `last_activity`, in epoch milliseconds. */
  now?: () => number;
}

export interface ListeningAddresses {
  port: number;
  apiPort?: number;
}

const HEALTH_BODY = JSON.stringify({ status: 'OK' });
/** node:http's default limit on a request head (`maxHeaderSize`). */
const MAX_HEAD_BYTES = 16 * 1024;
/** How often idle and slow connections are checked against their timeouts. */
const TIMEOUT_SWEEP_MS = 1000;

/**
 * The proxy: public server (HTTP and WebSocket forwarding by longest-prefix route), optional
 * CHP REST API server, and route methods for a hub that embeds it. The public port is served
 * on raw sockets (`ClientConnection`): no framework, no per-request logging above debug.
 */
export class ProxyServer {
  private table: RouteTable | undefined;
  private publicServer: net.Server | undefined;
  private readonly connections = new Set<ClientConnection>();
  private sweeper: NodeJS.Timeout | undefined;
  private apiServer: http.Server | https.Server | undefined;
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
    const match = (req: ClientRequest): RouteEntry | null | undefined => {
      const url = normaliseUrl(req.url);
      req.url = url;
      const path = routingPath(url, hostRouting ? req.host : undefined, hostRouting);
      return path === null ? null : table.match(path);
    };
    const handlers: ConnectionHandlers = {
      request: (req, res) => {
        if (req.url === '/_chp_healthz') {
          res.send(200, ['Content-Type', 'application/json'], HEALTH_BODY);
          return;
        }
        const entry = match(req);
        if (entry === undefined || entry === null)
          errors.respond(req, res, entry === null ? 400 : 404);
        else forwarder.forward(req, res, entry);
      },
      upgrade: (req, socket, head) => {
        const entry = match(req);
        if (entry === undefined || entry === null)
          errors.respondUpgrade(socket, entry === null ? 400 : 404);
        else websockets.forward(req, socket, head, entry);
      },
    };
    // A forwarded exchange's socket counts twice: a target in this process (the hub API) holds
    // the other end; for another process's target that errs on the reserve's side.
    const descriptorsInUse = () =>
      this.connections.size + 2 * (forwarder.openSockets + websockets.open.size);
    const publicServer = this.createPublicServer(options, handlers, descriptorsInUse, log);

    this.table = table;
    this.forwarder = forwarder;
    this.errors = errors;
    this.websockets = websockets;
    this.publicServer = publicServer;
    const port = await listen(publicServer, options.socket ?? options.port, options.ip);
    const where = options.socket ?? `${options.ip || '*'}:${port}`;
    log.info(
      `Proxying ${options.ssl ? 'https' : 'http'}://${where} to ${options.defaultTarget ?? '(no default)'}`,
    );
    if (options.apiPort === undefined && options.apiSocket === undefined) return { port };

    const api = new ChpRestApi(table, options.authToken, log);
    this.apiServer = options.apiSsl
      ? https.createServer(options.apiSsl, api.handle)
      : http.createServer(api.handle);
    const apiPort = await listen(
      this.apiServer,
      options.apiSocket ?? (options.apiPort as number),
      options.apiIp,
    );
    const apiWhere = options.apiSocket ?? `${options.apiIp || '*'}:${apiPort}`;
    log.info(`Proxy API at ${options.apiSsl ? 'https' : 'http'}://${apiWhere}/api/routes`);
    return { port, apiPort };
  }

  async stop(): Promise<void> {
    clearInterval(this.sweeper);
    for (const socket of this.websockets?.open ?? []) socket.destroy();
    for (const connection of this.connections) connection.socket.destroy();
    this.connections.clear();
    await Promise.all([close(this.publicServer), close(this.apiServer)]);
    await this.forwarder?.close();
    this.errors?.close();
    this.table = undefined;
    this.publicServer = undefined;
    this.apiServer = undefined;
  }

  /**
   * The public port's server on raw sockets, one `ClientConnection` per client, with a sweep
   * that applies the keep-alive and head timeouts. Half-open sockets are allowed, as in
   * node:http: the connection decides what a client's end means (an abort, or for an upgraded
   * socket, the end of one direction).
   */
  private createPublicServer(
    options: ProxyServerOptions,
    handlers: ConnectionHandlers,
    descriptorsInUse: () => number,
    log: ProxyLogger,
  ): net.Server {
    const settings: ConnectionSettings = {
      keepAliveTimeout: options.keepAliveTimeout ?? 5000,
      headersTimeout: options.headersTimeout ?? 60_000,
      maxHeadBytes: MAX_HEAD_BYTES,
      bodyTimeout: options.requestTimeout ?? 300_000,
    };
    const keepAliveLines = `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(settings.keepAliveTimeout / 1000)}\r\n`;
    const connections = this.connections;
    const release = (connection: ClientConnection) => connections.delete(connection);
    const perIp = new ConnectionsPerAddress(options.maxConnectionsPerIp ?? 256);
    const softLimit = softFdLimit() ?? Infinity;
    const budget = Math.max(64, softLimit - (options.fdReserve ?? 512));
    let refusedForFds = 0;
    const accept = (socket: net.Socket) => {
      if (descriptorsInUse() >= budget) {
        // The reserve is the hub API's: a client past the budget is closed at once.
        if (refusedForFds++ % 1000 === 0)
          log.warn(`Closing new connections: ${budget} file descriptors in use (reserve kept)`);
        socket.destroy();
        return;
      }
      if (!perIp.admit(socket)) {
        socket.destroy();
        return;
      }
      socket.setNoDelay(true);
      connections.add(new ClientConnection(socket, handlers, settings, keepAliveLines, release));
    };
    this.sweeper = setInterval(() => {
      const now = Date.now();
      for (const connection of connections) connection.checkTimeout(now);
    }, TIMEOUT_SWEEP_MS);
    this.sweeper.unref();
    const server = options.ssl
      ? tls.createServer({ ...options.ssl, allowHalfOpen: true }, accept)
      : net.createServer({ allowHalfOpen: true }, accept);
    // EMFILE on accept (descriptors taken elsewhere) is an error event: logged, not a crash.
    server.on('error', (error) => log.warn(`Public port: ${error.message}`));
    return server;
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

/** Listens on a port of `ip`, or on a Unix socket path; resolves with the port (0 for a socket). */
function listen(server: net.Server, at: number | string, ip: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const listening = () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    };
    if (typeof at === 'string') server.listen(at, listening);
    else server.listen(at, ip || undefined, listening);
  });
}

function close(server: net.Server | undefined): Promise<void> {
  if (server === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    if (server instanceof http.Server || server instanceof https.Server) {
      server.closeAllConnections();
    }
  });
}
