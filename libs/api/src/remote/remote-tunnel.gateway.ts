import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HubConfig } from '@orrery/core';
import { REMOTE_CLIENT_ID } from '@orrery/oauth';
import { HubApiAddress, RemoteTunnels, SpawnerRegistry, TunnelRefused } from '@orrery/spawn';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createWebSocketStream, WebSocketServer } from 'ws';
import { TokenAuthService } from '../auth/token-auth.service';
import { parseTunnelRequest, TunnelRequest } from './tunnel-request';

/** Messages the agent shows its user; exported so tests assert them. */
export const TUNNEL_MESSAGES = {
  noToken: 'The tunnel needs the agent token in the Authorization header',
  badToken: 'The token is unknown, expired or revoked: run orrery-remote login again',
  notAgent: 'Only a token from orrery-remote login may open a tunnel',
  otherUser: 'A tunnel can only be opened for your own servers',
  noScope: 'The token may not run this server',
  noPort: 'The tunnel needs the notebook port (port=1-65535)',
  busy: 'A tunnel for this server is already open',
  notRemote: 'This hub runs no remote servers',
} as const;

/** SSH packets are at most 35000 bytes; a frame far above that is not an agent's. */
const MAX_FRAME_BYTES = 256 * 1024;

type Refusal = { status: number; message: string };

/**
 * `GET /hub/api/remote/tunnel?server=<name>&port=<notebook port>` with a WebSocket upgrade:
 * the remote agent's one outbound connection (issue 15). Upgrades bypass Fastify, so this
 * authorises on its own, before accepting: a device token of the `orrery-remote` client, of
 * the user it names, holding `start:servers` on that server. Refusals are JupyterHub-shaped
 * JSON on the HTTP response and logged; the stream then belongs to `RemoteTunnels`.
 */
@Injectable()
export class RemoteTunnelGateway implements OnApplicationBootstrap {
  private readonly logger = new Logger('remote');
  private readonly sockets = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: MAX_FRAME_BYTES,
  });

  constructor(
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(TokenAuthService) private readonly tokens: TokenAuthService,
    @Inject(RemoteTunnels) private readonly tunnels: RemoteTunnels,
    @Inject(SpawnerRegistry) private readonly spawners: SpawnerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    const hubPrefix = `${this.config.JupyterHub.base_url}hub/`;
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const wanted = parseTunnelRequest(request, hubPrefix);
      if (!wanted) {
        // the hub serves no other WebSocket; unanswered, the client would hang
        if (server.listenerCount('upgrade') === 1)
          refuse(socket, { status: 404, message: 'Not Found' });
        return;
      }
      socket.on('error', () => socket.destroy());
      void this.admit(wanted).then(
        (decision) => this.answer(server, request, socket, head, wanted, decision),
        (error: unknown) => {
          this.logger.error(`Tunnel authorisation failed: ${String(error)}`);
          refuse(socket, { status: 500, message: 'Internal Server Error' });
        },
      );
    });
  }

  private async admit(wanted: TunnelRequest): Promise<{ user: string } | Refusal> {
    // a tunnel nobody routes to would only hold the hub's memory and a listener
    if (this.spawners.descriptor.name !== 'remote')
      return { status: 404, message: TUNNEL_MESSAGES.notRemote };
    if (!wanted.token) return { status: 401, message: TUNNEL_MESSAGES.noToken };
    const row = await this.tokens.findToken(wanted.token);
    const context = row ? await this.tokens.authenticate(wanted.token) : null;
    if (!row || !context || context.kind !== 'user')
      return { status: 403, message: TUNNEL_MESSAGES.badToken };
    if (row.clientId !== REMOTE_CLIENT_ID)
      return { status: 403, message: TUNNEL_MESSAGES.notAgent };
    if (wanted.user !== null && wanted.user !== context.name)
      return { status: 403, message: TUNNEL_MESSAGES.otherUser };
    const resource = { kind: 'server' as const, user: context.name, server: wanted.server };
    if (context.scopes.check(['start:servers'], resource) !== 'allowed')
      return { status: 403, message: TUNNEL_MESSAGES.noScope };
    if (wanted.notebookPort === null) return { status: 400, message: TUNNEL_MESSAGES.noPort };
    if (this.tunnels.get(context.name, wanted.server))
      return { status: 409, message: TUNNEL_MESSAGES.busy };
    return { user: context.name };
  }

  private answer(
    server: Server,
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    wanted: TunnelRequest,
    decision: { user: string } | Refusal,
  ): void {
    if ('status' in decision) {
      this.logger.warn(
        `Refusing a tunnel for server '${wanted.server}' (user ${wanted.user ?? 'of the token'}): ${decision.message}`,
      );
      refuse(socket, decision);
      return;
    }
    this.sockets.handleUpgrade(request, socket, head, (ws) => {
      const stream = createWebSocketStream(ws);
      stream.on('error', () => stream.destroy());
      this.tunnels
        .attach({
          user: decision.user,
          server: wanted.server,
          stream,
          notebookPort: wanted.notebookPort as number,
          hubApi: hubApiAddress(server),
        })
        .catch((error: Error) => {
          const why = error instanceof TunnelRefused ? error.message : String(error);
          this.logger.warn(`Tunnel for ${decision.user}/${wanted.server} failed: ${why}`);
          ws.close(1008, why.slice(0, 120));
        });
    });
  }
}

/** The hub's own listening address, loopback when it listens on every interface. */
function hubApiAddress(server: Server): HubApiAddress {
  const address = server.address() as AddressInfo;
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  return { host: wildcard ? '127.0.0.1' : address.address, port: address.port };
}

function refuse(socket: Duplex, refusal: Refusal): void {
  const body = JSON.stringify(refusal);
  socket.end(
    `HTTP/1.1 ${refusal.status} ${refusal.status === 404 ? 'Not Found' : 'Refused'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
