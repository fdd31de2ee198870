import type { HubConfig } from '@orrery/core';
import type { RemoteTunnels } from './remote/remote-tunnels.service';

/** Where a server is told to listen; the spawner picks the port when `Spawner.port` is 0. */
export interface BindAddress {
  ip: string;
  port: number;
}

/** Everything the hub decided for one start; the spawner decides only where and how it runs. */
export interface SpawnContext {
  user: { id: number; name: string };
  /** '' for the default server */
  serverName: string;
  /** the server's URL prefix (`/user/alice/`), its `base_url` */
  prefix: string;
  userOptions: Record<string, unknown>;
  /** The names of the user's groups (read when asked: few spawners need them). */
  groups(): Promise<string[]>;
  /**
   * The server's complete environment for the address it will listen on (the address is in
   * `JUPYTERHUB_SERVICE_URL`); `Spawner.environment` is already applied last.
   */
  env(bind: BindAddress): Record<string, string>;
}

export interface SpawnerProgressEvent {
  progress: number;
  message: string;
  html_message?: string;
}

/**
 * One (user, server) slot's way of running a server (JupyterHub's Spawner). The orchestrator
 * owns tokens, OAuth client, environment, timeouts, readiness, routes and polling; a spawner
 * owns only the process or container. An instance may be thrown away at any time and rebuilt
 * from `getState()` with `loadState()`: it keeps nothing else in memory, so a hub crash
 * loses nothing.
 */
export interface Spawner {
  /** Starts the server; resolves with the URL the hub reaches it at (`http://ip:port`). */
  start(ctx: SpawnContext): Promise<{ url: string }>;
  /** Stops the server; resolves once it is gone. `now` skips the graceful steps. */
  stop(now?: boolean): Promise<void>;
  /**
   * null while running, and also while a start() is still on its way (JupyterHub's contract:
   * the hub then sends stop(), which must reach what that start creates); else the exit
   * status (0 when unknown or never started).
   */
  poll(): Promise<number | null>;
  /** JSON the hub persists in `spawners.state` after start; `{}` when stopped. */
  getState(): Record<string, unknown>;
  loadState(state: Record<string, unknown>): void;
  /** Extra progress events while starting (JupyterHub's `Spawner.progress`). */
  progress?(): AsyncIterable<SpawnerProgressEvent>;
  /**
   * Removes what a server that no longer runs leaves behind (a stopped container). The stop
   * sequence calls it after stop(), also for a server that exited by itself; `failedStart`
   * says the server never became ready, so nothing of it is worth keeping.
   */
  cleanup?(failedStart: boolean): Promise<void>;
  /** Why a server that exited while starting did (its last log lines), for the spawn error. */
  exitDetails?(): Promise<string | null>;
  /**
   * The last lines the server printed, for admins only (the spawn diagnostics); unlike
   * exitDetails they never reach the spawn error its owner reads. Defaults to exitDetails.
   */
  lastOutput?(): Promise<string | null>;
  /** Whether the server that exited was killed for using more memory than its limit (containers). */
  oomKilled?(): Promise<boolean>;
}

/** The slot a spawner instance serves, and a logger that names it. */
export interface SpawnerSlot {
  user: { id: number; name: string };
  serverName: string;
  config: HubConfig;
  log: SpawnerLog;
  /**
   * The uid (and gid) the hub has recorded for a user name, allocated on first use; what the
   * local spawner runs servers under when the hub runs as root. Absent for managed services.
   */
  allocateUid?: (userName: string) => Promise<number>;
  /** The hub's ends of agents' tunnels, for the remote spawner. */
  remoteTunnels?: RemoteTunnels;
}

export interface SpawnerLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** A spawner kind, listed with one line in `spawners.index.ts` and chosen by `JupyterHub.spawner_class`. */
export interface SpawnerDescriptor {
  name: string;
  /** other names the config may use for it (JupyterHub's class names) */
  aliases: readonly string[];
  create(slot: SpawnerSlot): Spawner;
  /**
   * Runs once when the hub starts, before any server is restored or started: checks (and
   * may prepare) what every start needs, e.g. that each configured image exists. A throw
   * stops the hub with its message.
   */
  prepare?(config: HubConfig, log: SpawnerLog): Promise<void>;
  /** The spawn form's fields when `Spawner.options_form` is empty (DockerSpawner's image choice). */
  optionsForm?(config: HubConfig): string;
}
