import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import type { ClientRequest } from './client-connection';
import type { ErrorPages } from './error-pages';
import { clientResponseHeaders, rawResponseHead, targetRequestHeaders } from './forwarded-headers';
import type { ProxyLogger } from './proxy-logger';
import type { RouteEntry, RouteTable } from './route-table';
import { redactUrl } from './url-redaction';

/**
 * Forwards an HTTP upgrade (WebSocket) request: replays the handshake to the target on a
 * dedicated connection, relays its `101 Switching Protocols`, then splices the two sockets.
 * Every chunk in either direction counts as activity of the route.
 */
export class WebSocketForwarder {
  /** Open spliced connections, so that stopping the proxy can close them. */
  readonly open = new Set<Duplex>();

  constructor(
    private readonly table: RouteTable,
    private readonly errors: ErrorPages,
    private readonly log: ProxyLogger,
    private readonly xForward: boolean,
  ) {}

  forward(req: ClientRequest, socket: Duplex, head: Buffer, entry: RouteEntry): void {
    const clientSocket = socket as TLSSocket;
    clientSocket.on('error', () => clientSocket.destroy());
    const headers = targetRequestHeaders(
      req.rawHeaders,
      {
        remoteAddress: clientSocket.remoteAddress,
        encrypted: clientSocket.encrypted === true,
        xForward: this.xForward,
      },
      true,
    );
    const target = entry.target;
    const upstream = (target.secure ? https : http).request({
      hostname: target.hostname,
      port: target.port,
      method: req.method,
      path: target.pathPrefix + req.url,
      headers,
      agent: false,
    });
    upstream.on('error', (error) => {
      this.log.warn(
        `503 WS ${redactUrl(req.url.split('?', 1)[0])} ${target.url}: ${error.message}`,
      );
      this.errors.respondUpgrade(clientSocket, 503);
    });
    upstream.on('response', (targetRes) => {
      // The target refused the upgrade: relay its answer and close, the body delimited by close.
      const head = rawResponseHead(targetRes.statusCode ?? 502, targetRes.statusMessage ?? '', [
        ...clientResponseHeaders(targetRes.rawHeaders),
        'Connection',
        'close',
      ]);
      clientSocket.write(head);
      targetRes.pipe(clientSocket);
    });
    upstream.on('upgrade', (targetRes, targetSocket, targetHead) => {
      this.splice(clientSocket, head, targetRes, targetSocket, targetHead, entry);
    });
    upstream.end();
  }

  private splice(
    client: Socket,
    clientHead: Buffer,
    targetRes: http.IncomingMessage,
    target: Socket,
    targetHead: Buffer,
    entry: RouteEntry,
  ): void {
    target.on('error', () => target.destroy());
    if (client.destroyed) {
      target.destroy();
      return;
    }
    for (const socket of [client, target]) {
      socket.setTimeout(0);
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 0);
    }
    client.write(
      rawResponseHead(101, targetRes.statusMessage ?? 'Switching Protocols', targetRes.rawHeaders),
    );
    if (targetHead.length > 0) target.unshift(targetHead);
    if (clientHead.length > 0) client.unshift(clientHead);
    this.open.add(client);
    this.table.touch(entry);
    const touch = () => this.table.touch(entry);
    client.on('data', touch);
    target.on('data', touch);
    // A clean end travels through pipe(); only an abrupt close is propagated by destroying.
    client.on('close', () => {
      this.open.delete(client);
      if (!target.writableEnded) target.destroy();
    });
    target.on('close', () => {
      if (!client.writableEnded) client.destroy();
    });
    target.pipe(client);
    client.pipe(target);
  }
}
