import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { ProxyLogger } from './proxy-logger';

export interface ProxyProcessOptions {
  /** Program and its leading arguments (`ConfigurableHTTPProxy.command`). */
  command: string[];
  /** CHP flags appended to the command. */
  args: string[];
  /** Passed as CONFIGPROXY_AUTH_TOKEN. */
  authToken: string;
  /** Addresses that must accept TCP connections before the proxy counts as up. */
  waitFor: { host: string; port: number }[];
  checkIntervalMs: number;
  /** Where the PID is kept, so a later hub can stop a proxy left behind; '' keeps none. */
  pidFile: string;
  /** Called after a dead proxy was started again: its routes are gone. */
  onRestart: () => Promise<void>;
  log: ProxyLogger;
  startTimeoutMs?: number;
}

/**
 * A CHP-compatible proxy process started and watched by the hub, as JupyterHub does when
 * `ConfigurableHTTPProxy.should_start` is true: a leftover process named by the PID file is
 * stopped first, the new one runs in its own session (a Ctrl-C of the hub does not reach it),
 * and a periodic check starts it again, then restores routes, when it has died.
 */
export class ProxyProcess {
  private child: ChildProcess | undefined;
  private spawnError: Error | undefined;
  private timer: NodeJS.Timeout | undefined;
  private restarting = false;
  private stopped = false;

  constructor(private readonly options: ProxyProcessOptions) {}

  async start(): Promise<void> {
    await stopLeftover(this.options.pidFile, this.options.log);
    await this.launch();
    this.timer = setInterval(() => void this.check(), this.options.checkIntervalMs);
    this.timer.unref();
  }

  /** Stops the watch and the process (SIGTERM, SIGKILL after 5 s) and removes the PID file. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const child = this.child;
    if (child !== undefined && isRunning(child)) {
      this.options.log.info(`Cleaning up proxy[${child.pid}]...`);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    removePidFile(this.options.pidFile);
  }

  private async launch(): Promise<void> {
    const [program, ...leading] = this.options.command;
    this.spawnError = undefined;
    const child = spawn(program, [...leading, ...this.options.args], {
      env: { ...process.env, CONFIGPROXY_AUTH_TOKEN: this.options.authToken },
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    // ENOENT and the like arrive as an event; without a listener they would crash the hub.
    child.on('error', (error) => (this.spawnError = error));
    this.child = child;
    if (child.pid !== undefined && this.options.pidFile) {
      fs.writeFileSync(this.options.pidFile, String(child.pid));
    }
    try {
      await this.waitUntilListening(child);
    } catch (error) {
      // a proxy that never came up is not left behind, holding its ports
      if (isRunning(child)) child.kill('SIGKILL');
      removePidFile(this.options.pidFile);
      throw error;
    }
  }

  private async waitUntilListening(child: ChildProcess): Promise<void> {
    const deadline = Date.now() + (this.options.startTimeoutMs ?? 20_000);
    for (const address of this.options.waitFor) {
      while (!(await accepts(address.host, address.port))) {
        // set by the 'error' listener meanwhile, which control-flow narrowing cannot see
        const spawnError = this.spawnError as Error | undefined;
        if (spawnError) throw new Error(`Failed to start proxy: ${spawnError.message}`);
        if (!isRunning(child)) {
          throw new Error(
            `Proxy failed to start with exit code ${child.exitCode ?? child.signalCode}`,
          );
        }
        if (Date.now() > deadline) throw new Error(`Proxy did not listen on port ${address.port}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  private async check(): Promise<void> {
    const child = this.child;
    if (this.stopped || this.restarting || child === undefined || isRunning(child)) return;
    this.options.log.error(`Proxy stopped with exit code ${child.exitCode ?? child.signalCode}`);
    this.restarting = true;
    try {
      removePidFile(this.options.pidFile);
      await this.launch();
      // the hub shut down while this one was starting: it must not outlive the hub
      if (this.stopped) return await this.stop();
      await this.options.onRestart();
    } catch (error) {
      // the next check tries again
      this.options.log.error(`Restarting the proxy failed: ${(error as Error).message}`);
    } finally {
      this.restarting = false;
    }
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // ESRCH: gone; EPERM: the PID now belongs to another user's process, not to our proxy
    return false;
  }
}

/** Stops the process named by a PID file of an earlier hub (SIGTERM twice, then SIGKILL). */
async function stopLeftover(pidFile: string, log: ProxyLogger): Promise<void> {
  if (!pidFile || !fs.existsSync(pidFile)) return;
  const pid = Number.parseInt(fs.readFileSync(pidFile, 'utf8').trim(), 10);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) {
    removePidFile(pidFile);
    return;
  }
  log.warn(`Proxy still running at pid=${pid}`);
  for (const signal of ['SIGTERM', 'SIGTERM', 'SIGKILL'] as const) {
    if (!alive(pid)) break;
    try {
      process.kill(pid, signal);
    } catch {
      break; // it ended between the check and the signal
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  if (alive(pid)) throw new Error(`Failed to stop proxy at pid=${pid}`);
  log.warn(`Stopped proxy at pid=${pid}`);
  removePidFile(pidFile);
}

function removePidFile(pidFile: string): void {
  if (pidFile) fs.rmSync(pidFile, { force: true });
}
