import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@orrery/core';
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
  /** the notebook's loopback port on the agent's machine */
  readonly notebookPort: number;
}

export class TunnelRefused extends Error {}

const READY_TIMEOUT_MS = 20_000;
const KEEPALIVE_MS = 15_000;

const keyOf = (user: string, server: string) => `${user}/${server}`;

interface Entry extends LiveTunnel {
  client: Client;
  stream: Duplex;
}

/** A server process the hub asked an agent to run: its exit status, and how to end it. */
export interface RemoteProcess {
  readonly exited: Promise<number>;
  stop(): void;
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
  /** kept across drops (until forget), so the proxy's route stays right when the agent returns */
  private readonly listeners = new Map<string, net.Server>();
  /** when each pinned server's tunnel went down (ms), for the grace period */
  private readonly downSince = new Map<string, number>();
  private readonly processes = new Map<string, RemoteProcess>();
  private readonly sockets = new Set<net.Socket>();
  /** 'up' and 'down' with the LiveTunnel */
  readonly events = new EventEmitter();

  constructor(@Inject(Clock) private readonly clock: Clock) {}

  private nowMs(): number {
    return this.clock.now().getTime();
  }

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
    const listener = await this.listenerFor(key);
    const entry: Entry = {
      user: offer.user,
      server: offer.server,
      hostKey,
      localPort: (listener.address() as net.AddressInfo).port,
      agentApiPort,
      client,
      stream: offer.stream,
      notebookPort: offer.notebookPort,
    };
    this.pins.set(key, hostKey);
    this.live.set(key, entry);
    this.downSince.delete(key);
    // over a WebSocket stream ssh2 sees only 'end' when the agent vanishes (the stream emits
    // no 'close'), so either one means the tunnel is gone
    client.once('end', () => this.dropped(key, entry));
    client.once('close', () => this.dropped(key, entry));
    this.logger.log(`Tunnel up for ${key} (agent key ${hostKey})`);
    this.events.emit('up', this.view(entry));
    return this.view(entry);
  }

  private async listenerFor(key: string): Promise<net.Server> {
    const existing = this.listeners.get(key);
    if (existing) return existing;
    const listener = net.createServer((socket) => {
      // closing a listener leaves its connections open; forget must end them too
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      this.pipeToNotebook(key, socket);
    });
    this.listeners.set(key, listener);
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    return listener;
  }

  private pipeToNotebook(key: string, socket: net.Socket): void {
    socket.on('error', () => socket.destroy());
    const entry = this.live.get(key);
    if (!entry) {
      // the agent is away (within the grace period): the client sees a dropped connection
      socket.destroy();
      return;
    }
    entry.client.forwardOut(
      '127.0.0.1',
      socket.remotePort ?? 0,
      '127.0.0.1',
      entry.notebookPort,
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
    entry.stream.destroy();
    this.downSince.set(key, this.nowMs());
    this.processes.delete(key);
    this.logger.log(`Tunnel down for ${key}`);
    this.events.emit('down', this.view(entry));
  }

  private view(entry: Entry): LiveTunnel {
    const { user, server, hostKey, localPort, agentApiPort, notebookPort } = entry;
    return { user, server, hostKey, localPort, agentApiPort, notebookPort };
  }

  /** Closes a server's tunnel, if any; the agent sees its connection end. */
  close(user: string, server: string): void {
    this.live.get(keyOf(user, server))?.client.end();
  }

  /** The server stopped: its listener goes, and its next agent may bring a new host key. */
  forget(user: string, server: string): void {
    const key = keyOf(user, server);
    this.close(user, server);
    this.pins.delete(key);
    this.downSince.delete(key);
    this.listeners.get(key)?.close();
    this.listeners.delete(key);
  }

  /** Restores a pin from a server's persisted state (after a hub restart): away from now on. */
  pin(user: string, server: string, hostKey: string): void {
    const key = keyOf(user, server);
    if (this.pins.has(key)) return;
    this.pins.set(key, hostKey);
    if (!this.live.has(key)) this.downSince.set(key, this.nowMs());
  }

  /** How long a pinned server's tunnel has been away (ms), 0 while up, null when not pinned. */
  awayFor(user: string, server: string): number | null {
    const key = keyOf(user, server);
    if (this.live.has(key)) return 0;
    const since = this.downSince.get(key);
    return since === undefined ? null : Math.max(0, this.nowMs() - since);
  }

  /** The server's tunnel, once its agent has connected; rejects after `timeoutMs`. */
  waitFor(user: string, server: string, timeoutMs: number): Promise<LiveTunnel> {
    const found = this.get(user, server);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const onUp = (tunnel: LiveTunnel) => {
        if (tunnel.user !== user || tunnel.server !== server) return;
        clearTimeout(timer);
        this.events.off('up', onUp);
        resolve(tunnel);
      };
      const timer = setTimeout(() => {
        this.events.off('up', onUp);
        reject(new TunnelRefused('No orrery-remote agent connected for this server in time'));
      }, timeoutMs);
      this.events.on('up', onUp);
    });
  }

  /**
   * Asks the agent to start `jupyterhub-singleuser` with `env` (an exec channel: the variables
   * travel inside the tunnel, never on a command line). Closing the channel stops the process.
   */
  runServer(user: string, server: string, env: Record<string, string>): Promise<RemoteProcess> {
    const key = keyOf(user, server);
    const entry = this.live.get(key);
    if (!entry) return Promise.reject(new TunnelRefused('The agent is not connected'));
    return new Promise((resolve, reject) => {
      entry.client.exec('jupyterhub-singleuser', { env }, (error, channel) => {
        if (error)
          return reject(
            new TunnelRefused(`The agent refused to start the server: ${error.message}`),
          );
        const exited = new Promise<number>((done) => {
          channel.once('exit', (code: number | null) => done(code ?? 1));
          channel.once('close', () => done(1));
        });
        channel.resume();
        channel.stderr.resume();
        const process: RemoteProcess = {
          exited,
          stop: () => {
            channel.signal('TERM');
            channel.close();
          },
        };
        this.processes.set(key, process);
        resolve(process);
      });
    });
  }

  /** Ends the server's remote process (if its agent is connected) and waits for it, briefly. */
  async stopServer(user: string, server: string, waitMs: number): Promise<void> {
    const process = this.processes.get(keyOf(user, server));
    if (!process) return;
    process.stop();
    await Promise.race([process.exited, new Promise((done) => setTimeout(done, waitMs))]);
  }

  onApplicationShutdown(): void {
    // the upgraded sockets are not the HTTP server's any more: closing it would not end them
    for (const entry of this.live.values()) {
      entry.client.end();
      entry.stream.destroy();
    }
    for (const listener of this.listeners.values()) listener.close();
    for (const socket of this.sockets) socket.destroy();
  }
}
