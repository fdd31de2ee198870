import { SpawnFailed } from '../spawn-states';
import type {
  SpawnContext,
  Spawner,
  SpawnerDescriptor,
  SpawnerProgressEvent,
  SpawnerSlot,
} from '../spawner';
import { remoteServerEnv } from './remote-env';
import { RemoteTunnels, TunnelRefused } from './remote-tunnels.service';

/** Seconds a stop waits for the remote process to exit once asked. */
const STOP_WAIT_MS = 10_000;

/** Said in progress and errors: what the user must do on the remote machine. */
export const WAITING_FOR_AGENT = 'Waiting for orrery-remote start on the remote machine';

/**
 * A server on the user's own machine (issue 15). `start` waits, within `start_timeout`, for
 * the agent's tunnel, then asks the agent to run `jupyterhub-singleuser` with the server's
 * JupyterHub variables; the hub reaches it at its 127.0.0.1 tunnel listener. State is the
 * agent's host key: after a hub restart the pin comes back and the agent may reconnect
 * within the grace period. `poll` says stopped once the tunnel has been gone for longer than
 * `RemoteSpawner.tunnel_grace_period`; `stop` ends the remote process and the tunnel.
 */
export class RemoteSpawner implements Spawner {
  private hostKey = '';
  private waiting = false;

  constructor(
    private readonly slot: SpawnerSlot,
    private readonly tunnels: RemoteTunnels,
  ) {}

  private get user(): string {
    return this.slot.user.name;
  }

  async start(ctx: SpawnContext): Promise<{ url: string }> {
    this.waiting = true;
    const timeoutMs = this.slot.config.Spawner.start_timeout * 1000;
    const tunnel = await this.tunnels
      .waitFor(this.user, this.slot.serverName, timeoutMs)
      .catch((error: Error) => {
        throw new SpawnFailed(500, error instanceof TunnelRefused ? error.message : String(error));
      })
      .finally(() => (this.waiting = false));
    this.hostKey = tunnel.hostKey;
    const env = remoteServerEnv(
      ctx.env({ ip: '127.0.0.1', port: tunnel.notebookPort }),
      tunnel.agentApiPort,
    );
    await this.tunnels.runServer(this.user, this.slot.serverName, env).catch((error: Error) => {
      throw new SpawnFailed(500, error.message);
    });
    this.slot.log.info('Remote server started through its tunnel', { hostKey: tunnel.hostKey });
    return { url: `http://127.0.0.1:${tunnel.localPort}` };
  }

  async *progress(): AsyncIterable<SpawnerProgressEvent> {
    if (this.waiting) yield { progress: 10, message: WAITING_FOR_AGENT };
    await Promise.resolve();
  }

  async stop(): Promise<void> {
    await this.tunnels.stopServer(this.user, this.slot.serverName, STOP_WAIT_MS);
    this.tunnels.forget(this.user, this.slot.serverName);
    this.hostKey = '';
  }

  poll(): Promise<number | null> {
    if (this.waiting) return Promise.resolve(null);
    const away = this.tunnels.awayFor(this.user, this.slot.serverName);
    const graceMs = this.slot.config.RemoteSpawner.tunnel_grace_period * 1000;
    return Promise.resolve(away !== null && away <= graceMs ? null : 0);
  }

  getState(): Record<string, unknown> {
    return this.hostKey ? { host_key: this.hostKey } : {};
  }

  loadState(state: Record<string, unknown>): void {
    if (typeof state.host_key !== 'string' || !state.host_key) return;
    this.hostKey = state.host_key;
    this.tunnels.pin(this.user, this.slot.serverName, this.hostKey);
  }
}

export const remoteSpawner: SpawnerDescriptor = {
  name: 'remote',
  aliases: ['RemoteSpawner', 'orrery.RemoteSpawner'],
  create: (slot) => {
    if (!slot.remoteTunnels) throw new Error('The remote spawner needs the hub tunnels');
    return new RemoteSpawner(slot, slot.remoteTunnels);
  },
};
