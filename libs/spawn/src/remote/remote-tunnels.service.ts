import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import { Client } from 'ssh2';
import { hostKeyFingerprint } from './host-key-fingerprint';

/** Where forwarded-tcpip channels go: the hub's own HTTP server (its API). */
export interface HubApiAddress {
  host: string;
  port: number;
}

export interface TunnelOffer {
  user: string;
  server: string;
  /** the WebSocket the agent opened, as a byte stream */
  stream: Duplex;
  /** the loopback port of the notebook on the agent's machine, as the agent announced it */
  notebookPort: number;
  hubApi: HubApiAddress;
}

/** One live tunnel, as the rest of the hub sees it. */
export interface LiveTunnel {
  readonly user: string;
  readonly server: string;
  /** `SHA256:<base64>` of the agent's host key, pinned for the tunnel's life */
  readonly hostKey: string;
  /** the hub-side listener (127.0.0.1) that pipes into direct-tcpip: the proxy's target */
  readonly localPort: number;
  /** the port the agent forwards to the hub API on its own loopback */
  readonly agentApiPort: number;
}

export class TunnelRefused extends Error {}

const READY_TIMEOUT_MS = 20_000;
const KEEPALIVE_MS = 15_000;

const keyOf = (user: string, server: string) => `${user}/${server}`;

interface Entry extends LiveTunnel {
  client: Client;
  listener: net.Server;
  stream: Duplex;
}

/**
 * The hub's end of remote servers' tunnels: the hub is the SSH client over the agent's
 * WebSocket, the agent the SSH server. The hub opens direct-tcpip channels to the notebook
 * (through a loopback listener per tunnel) and asks for exactly one tcpip-forward, whose
 * forwarded-tcpip channels it connects to its own API and nowhere else; ssh2 refuses any
 * channel that names another forward, and every other channel type is refused by default.
 * One tunnel per server; the host key first seen is pinned until `forget`, so a second agent
 * (a different key) cannot take a server over even after the first one's tunnel drops.
 */
@Injectable()
export class RemoteTunnels implements OnApplicationShutdown {
  private readonly logger = new Logger('remote');
  private readonly live = new Map<string, Entry>();
  private readonly pins = new Map<string, string>();
  /** 'up' and 'down' with the LiveTunnel */
  readonly events = new EventEmitter();

  get(user: string, server: string): LiveTunnel | undefined {
    return this.live.get(keyOf(user, server));
  }

  /** The SSH handshake and the API forward; resolves once both are up. */
  async attach(offer: TunnelOffer): Promise<LiveTunnel> {
    const key = keyOf(offer.user, offer.server);
    if (this.live.has(key)) throw new TunnelRefused('A tunnel for this server is already open');
    const client = new Client();
    let seenKey = '';
    const ready = new Promise<void>((resolve, reject) => {
      client.once('ready', resolve);
      client.once('error', reject);
      client.once('close', () => reject(new TunnelRefused('The tunnel closed during set-up')));
    });
    client.connect({
      sock: offer.stream,
      username: 'orrery-hub',
      readyTimeout: READY_TIMEOUT_MS,
      keepaliveInterval: KEEPALIVE_MS,
      hostVerifier: (hostKey: Buffer) => {
        seenKey = hostKeyFingerprint(hostKey);
        const pinned = this.pins.get(key);
        return pinned === undefined || pinned === seenKey;
      },
    });
    try {
      await ready;
    } catch (error) {
      client.end();
      offer.stream.destroy();
      const pinned = this.pins.get(key);
      if (pinned && seenKey && pinned !== seenKey)
        throw new TunnelRefused('Another agent holds this server (its host key differs)');
      throw error;
    }
    return this.connected(key, offer, client, seenKey);
  }

  private async connected(
    key: string,
    offer: TunnelOffer,
    client: Client,
    hostKey: string,
  ): Promise<LiveTunnel> {
    if (this.live.has(key)) {
      client.end();
      throw new TunnelRefused('A tunnel for this server is already open');
    }
    client.on('tcp connection', (info, accept) => {
      // whatever the channel says it came from, it reaches the hub API and nothing else
      const channel = accept();
      const api = net.connect(offer.hubApi.port, offer.hubApi.host);
      channel.pipe(api).pipe(channel);
      api.on('error', () => channel.close());
      channel.on('error', () => api.destroy());
      this.logger.debug?.(`API connection through ${key} from ${info.srcIP}:${info.srcPort}`);
    });
    const agentApiPort = await new Promise<number>((resolve, reject) =>
      client.forwardIn('127.0.0.1', 0, (error, port) => (error ? reject(error) : resolve(port))),
    ).catch((error: Error) => {
      client.end();
      throw new TunnelRefused(`The agent refused the hub API forward: ${error.message}`);
    });
    const listener = net.createServer((socket) => this.pipeToNotebook(client, offer, socket));
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const entry: Entry = {
      user: offer.user,
      server: offer.server,
      hostKey,
      localPort: (listener.address() as net.AddressInfo).port,
      agentApiPort,
      client,
      listener,
      stream: offer.stream,
    };
    this.pins.set(key, hostKey);
    this.live.set(key, entry);
    client.once('close', () => this.dropped(key, entry));
    this.logger.log(`Tunnel up for ${key} (agent key ${hostKey})`);
    this.events.emit('up', this.view(entry));
    return this.view(entry);
  }

  private pipeToNotebook(client: Client, offer: TunnelOffer, socket: net.Socket): void {
    socket.on('error', () => socket.destroy());
    client.forwardOut(
      '127.0.0.1',
      socket.remotePort ?? 0,
      '127.0.0.1',
      offer.notebookPort,
      (error, channel) => {
        if (error) {
          socket.destroy();
          return;
        }
        socket.pipe(channel).pipe(socket);
        channel.on('error', () => socket.destroy());
        channel.on('close', () => socket.destroy());
      },
    );
  }

  private dropped(key: string, entry: Entry): void {
    if (this.live.get(key) !== entry) return;
    this.live.delete(key);
    entry.listener.close();
    this.logger.log(`Tunnel down for ${key}`);
    this.events.emit('down', this.view(entry));
  }

  private view(entry: Entry): LiveTunnel {
    const { user, server, hostKey, localPort, agentApiPort } = entry;
    return { user, server, hostKey, localPort, agentApiPort };
  }

  /** Closes a server's tunnel, if any; the agent sees its connection end. */
  close(user: string, server: string): void {
    this.live.get(keyOf(user, server))?.client.end();
  }

  /** The server stopped: its next agent may bring a new host key. */
  forget(user: string, server: string): void {
    this.close(user, server);
    this.pins.delete(keyOf(user, server));
  }

  onApplicationShutdown(): void {
    // the upgraded sockets are not the HTTP server's any more: closing it would not end them
    for (const entry of this.live.values()) {
      entry.client.end();
      entry.listener.close();
      entry.stream.destroy();
    }
  }
}
