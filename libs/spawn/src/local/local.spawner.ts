import { ChildProcess, spawn } from 'node:child_process';
import { chmod, chown, mkdir } from 'node:fs/promises';
import { constants } from 'node:os';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Socket } from 'node:net';
import {
  checkedTemplatePath,
  currentIdentity,
  homeDirTemplate,
  type HostIdentity,
  type HubConfig,
} from '@orrery/core';
import type { Spawner, SpawnContext, SpawnerDescriptor, SpawnerSlot } from '../spawner';
import { freePort } from './free-port';
import { pidExists, processInfo } from './process-identity';
import { logSingleuser } from './singleuser-version';
import { blockedForOthers, closedFolderAbove, findOnPath } from './reachable-command';
import { lookUpSystemUser, SystemUser } from './system-user';

/**
 * Exit statuses of servers this hub process started, by `pid:startTicks`. Only a better answer
 * for poll() than JupyterHub's "0 when unknown"; after a restart it is empty and poll says 0.
 */
const exitStatuses = new Map<string, number>();
/**
 * Children of this hub process whose exit event has not come yet. A child seen as a zombie has
 * exited but is not reaped yet: its status is on its way in that event.
 */
const pendingExits = new Map<string, Promise<number>>();
/**
 * The last lines each slot's server printed (`userId/serverName`), for the spawn diagnostics of
 * a server that exited: only what the admin reads, lost with the hub process like the log.
 */
const recentOutput = new Map<string, string[]>();
const OUTPUT_LINES_KEPT = 20;
/** How long a poll waits for that event before it reports the status as unknown (0). */
const EXIT_EVENT_WAIT_MS = 1000;

/** Checks for the exit after a signal start often (most servers exit at once) and slow down. */
const FIRST_STOP_POLL_MS = 5;
const LONGEST_STOP_POLL_MS = 100;

/**
 * The user's working directory and HOME: `home_dir_template` (or its default under the homes
 * root) with `{username}`, refused (PathOutsideRootError) when the name would lead it out of
 * the template's folder. The one place a home's path is made, for servers, hooks and services.
 */
export function homeDirectory(
  template: string | null,
  userName: string,
  identity: HostIdentity = currentIdentity(),
): string {
  const resolved = homeDirTemplate(template, identity);
  return checkedTemplatePath(resolved, resolved.replaceAll('{username}', userName));
}

/**
 * Whether servers run under uids the hub allocates: a hub running as root, unless
 * `run_as_system_user` picks the passwd entries or `run_as_hub_user` opts out of isolation.
 */
export function allocatesUids(config: HubConfig, uid: number = currentIdentity().uid): boolean {
  const settings = config.LocalProcessSpawner;
  return uid === 0 && !settings.run_as_system_user && !settings.run_as_hub_user;
}

/**
 * Where a user's server (and its hooks) run, and as whom: the system user's passwd entry and
 * home with `run_as_system_user`; else `home_dir_template`, created if missing, and with
 * `allocateUid` (a hub running as root) the user's own uid, which then owns the home (0700).
 * The homes' parent is made 0711 so each uid reaches its own home and lists no others.
 */
export async function userHome(
  config: HubConfig,
  userName: string,
  allocateUid?: (userName: string) => Promise<number>,
): Promise<{ home: string; account: SystemUser | null }> {
  if (!config.LocalProcessSpawner.run_as_system_user) {
    const home = homeDirectory(config.LocalProcessSpawner.home_dir_template, userName);
    if (!allocateUid || !allocatesUids(config)) {
      await mkdir(home, { recursive: true, mode: 0o700 });
      return { home, account: null };
    }
    const uid = await allocateUid(userName);
    await mkdir(dirname(home), { recursive: true, mode: 0o711 });
    await mkdir(home, { recursive: true, mode: 0o700 });
    await chown(home, uid, uid);
    await chmod(home, 0o700);
    return { home, account: { name: userName, uid, gid: uid, home, shell: '/bin/sh' } };
  }
  const account = await lookUpSystemUser(userName);
  if (!account) {
    throw new Error(
      `No system user named ${userName}: LocalProcessSpawner.run_as_system_user runs each server as the system user of the same name`,
    );
  }
  return { home: account.home, account };
}

/**
 * Servers as processes on the hub's host (JupyterHub's LocalProcessSpawner): `Spawner.cmd` +
 * `Spawner.args` with the hub's environment only, in its own process group, in the user's
 * directory. State is `{pid, start_ticks}`; the start time tells a recycled pid from ours.
 */
export class LocalProcessSpawner implements Spawner {
  private pid = 0;
  private startTicks: string | null = null;

  constructor(private readonly slot: SpawnerSlot) {}

  async start(ctx: SpawnContext): Promise<{ url: string }> {
    const settings = this.slot.config.Spawner;
    const connectIp = settings.ip === '' || settings.ip === '0.0.0.0' ? '127.0.0.1' : settings.ip;
    const port = settings.port || (await freePort(connectIp));
    const { home, account } = await userHome(
      this.slot.config,
      ctx.user.name,
      this.slot.allocateUid,
    );
    const env: Record<string, string> = {
      ...ctx.env({ ip: settings.ip, port }),
      USER: ctx.user.name,
      HOME: home,
    };
    if (account) env.SHELL = account.shell;
    const argv = [...settings.cmd, ...settings.args];
    this.slot.log.info(`spawning ${argv.join(' ')}`, { port, uid: account?.uid });
    await this.run(argv, env, home, account ?? undefined);
    const host = connectIp.includes(':') ? `[${connectIp}]` : connectIp;
    return { url: `http://${host}:${port}` };
  }

  /**
   * Runs `argv` with exactly `env` in `cwd` and records its pid; resolves once it runs. Also
   * the launch of hub-managed services (JupyterHub's _ServiceSpawner is a LocalProcessSpawner).
   */
  protected async run(
    argv: string[],
    env: Record<string, string>,
    cwd?: string,
    account?: SystemUser,
  ): Promise<void> {
    const [command, ...args] = argv;
    const child = spawn(command, args, {
      env,
      cwd,
      // libuv drops supplementary groups when it switches user (JupyterHub keeps them)
      uid: account?.uid,
      gid: account?.gid,
      // its own session and process group: the hub's signals do not reach it, and stop()
      // reaches its kernels too
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((started, failed) => {
      child.once('spawn', started);
      child.once('error', (error) =>
        failed(new Error(`Could not run ${command}: ${error.message}`)),
      );
    });
    this.pid = child.pid as number;
    this.startTicks = processInfo(this.pid)?.startTicks ?? null;
    this.watch(child);
  }

  async stop(now = false): Promise<void> {
    const { interrupt_timeout, term_timeout, kill_timeout } = this.slot.config.LocalProcessSpawner;
    const steps: [NodeJS.Signals, number][] = [
      ['SIGINT', interrupt_timeout],
      ['SIGTERM', term_timeout],
      ['SIGKILL', kill_timeout],
    ];
    const group = this.pid;
    for (const [signal, seconds] of now ? steps.slice(2) : steps) {
      if ((await this.poll()) !== null) break;
      this.slot.log.info(`sending ${signal} to process group ${this.pid}`);
      this.signalGroup(this.pid, signal);
      await this.waitForExit(seconds);
    }
    if ((await this.poll()) === null) {
      this.slot.log.warn(`process ${this.pid} never died`);
      return;
    }
    // the server is gone; its kernels and terminals share its process group
    if (group) this.signalGroup(group, 'SIGKILL');
  }

  async poll(): Promise<number | null> {
    if (!this.pid) return 0;
    const known = exitStatuses.get(this.key());
    if (known !== undefined) {
      exitStatuses.delete(this.key());
      return this.exited(known);
    }
    const info = processInfo(this.pid);
    const gone = info
      ? info.zombie || (this.startTicks !== null && info.startTicks !== this.startTicks)
      : !pidExists(this.pid);
    if (!gone) return null;
    const key = this.key();
    const pending = pendingExits.get(key);
    // Another process's child (a hub restarted since) leaves no status to know: JupyterHub's 0.
    const status = pending === undefined ? 0 : await withinMs(pending, EXIT_EVENT_WAIT_MS, 0);
    exitStatuses.delete(key);
    return this.exited(status);
  }

  getState(): Record<string, unknown> {
    if (!this.pid) return {};
    return this.startTicks ? { pid: this.pid, start_ticks: this.startTicks } : { pid: this.pid };
  }

  loadState(state: Record<string, unknown>): void {
    this.pid = typeof state.pid === 'number' ? state.pid : 0;
    this.startTicks = typeof state.start_ticks === 'string' ? state.start_ticks : null;
  }

  private key(): string {
    return `${this.pid}:${this.startTicks ?? ''}`;
  }

  /** The last lines the slot's server printed (stdout and stderr, in order), if any. */
  async lastOutput(): Promise<string | null> {
    const lines = recentOutput.get(this.slotKey());
    return lines && lines.length > 0 ? lines.join('\n') : null;
  }

  private slotKey(): string {
    return `${this.slot.user.id}/${this.slot.serverName}`;
  }

  private remember(line: string): void {
    const lines = recentOutput.get(this.slotKey()) ?? [];
    lines.push(line);
    if (lines.length > OUTPUT_LINES_KEPT) lines.shift();
    recentOutput.set(this.slotKey(), lines);
  }

  private exited(status: number): number {
    this.pid = 0;
    this.startTicks = null;
    return status;
  }

  /** Output goes to the hub log with the user as a field; the exit status is remembered. */
  private watch(child: ChildProcess): void {
    const key = this.key();
    recentOutput.delete(this.slotKey());
    pendingExits.set(
      key,
      new Promise((reported) =>
        child.once('exit', (code, signal) => {
          const status = code ?? -(signal ? constants.signals[signal] : 0);
          pendingExits.delete(key);
          exitStatuses.set(key, status);
          reported(status);
          this.slot.log.info(`server exited`, { pid: child.pid, code, signal });
        }),
      ),
    );
    for (const [name, stream] of [
      ['stdout', child.stdout],
      ['stderr', child.stderr],
    ] as const) {
      const lines = createInterface({ input: stream as Readable });
      lines.on('line', (line) => {
        this.remember(line);
        this.slot.log.info(line, { stream: name });
      });
      (stream as unknown as Socket).unref();
    }
    // a server outlives the hub process (restart recovery); the hub must not wait for it
    child.unref();
  }

  private signalGroup(pid: number, signal: NodeJS.Signals): void {
    try {
      process.kill(-pid, signal);
    } catch (error) {
      // ESRCH: the group is gone already, which is what stopping wants
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }

  private async waitForExit(seconds: number): Promise<void> {
    const deadline = Date.now() + seconds * 1000;
    let waitMs = FIRST_STOP_POLL_MS;
    while (Date.now() < deadline) {
      if ((await this.poll()) !== null) return;
      await new Promise((done) => setTimeout(done, waitMs));
      waitMs = Math.min(waitMs * 2, LONGEST_STOP_POLL_MS);
    }
  }
}

export const localSpawner: SpawnerDescriptor = {
  name: 'local',
  aliases: ['localprocess', 'jupyterhub.spawner.LocalProcessSpawner', 'LocalProcessSpawner'],
  create: (slot) => new LocalProcessSpawner(slot),
  prepare: async (config, log) => {
    checkCommandReachable(config);
    logSingleuser(config.Spawner.cmd, log);
  },
};

/**
 * With allocated uids, stops the hub at start when those uids could not reach their homes or
 * run `Spawner.cmd` (every start would fail with EACCES). A command not on the PATH is left to
 * the start's error.
 */
export function checkCommandReachable(
  config: HubConfig,
  path = process.env.PATH ?? '',
  uid = currentIdentity().uid,
): void {
  if (!allocatesUids(config, uid)) return;
  const template = config.LocalProcessSpawner.home_dir_template;
  const closed = closedFolderAbove(homeDirectory(template, '{username}'));
  if (closed) {
    throw new Error(
      `LocalProcessSpawner.home_dir_template: servers run under their own uids (LocalProcessSpawner.uid_range), which cannot pass ${closed} to reach their homes; choose a folder others may pass (chmod o+x, as 0711)`,
    );
  }
  const [command] = config.Spawner.cmd;
  if (!command) return;
  const file = findOnPath(command, path);
  const blocked = file && blockedForOthers(file);
  if (blocked) {
    throw new Error(
      `Spawner.cmd ${command}: servers run under their own uids (LocalProcessSpawner.uid_range), which cannot pass ${blocked}; make the single-user environment readable and executable by others (chmod o+rx, or a Python outside /root)`,
    );
  }
}

/** The promise's value, or `fallback` if it takes longer than `ms`. */
function withinMs<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    timer.unref();
    void promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}
