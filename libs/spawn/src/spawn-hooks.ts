import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { HubConfig } from '@orrery/core';
import { userHome } from './local/local.spawner';
import { SpawnFailed } from './spawn-states';
import type { SpawnContext } from './spawner';

/**
 * JupyterHub's `Spawner.pre_spawn_hook` and `post_stop_hook`, as commands instead of Python
 * callables: run by the hub (as the hub's user, as JupyterHub runs them) in the user's
 * directory with the server's environment, so a hook can prepare what the server will find.
 */
export type HookName = 'pre_spawn_hook' | 'post_stop_hook';

/** Variables a hook must not see after the stop: the token is deleted by then. */
const TOKEN_KEYS = ['JUPYTERHUB_API_TOKEN', 'JPY_API_TOKEN'];

/**
 * Runs the configured hook, if any; a failure is a `SpawnFailed` (500) naming the hook, its
 * exit status and the last line of its stderr. The hook gets the server's environment (its
 * address as far as it is known before the start), HOME, USER and `JUPYTERHUB_USER_OPTIONS`;
 * it has `start_timeout` to finish.
 */
export async function runSpawnHook(
  config: HubConfig,
  name: HookName,
  ctx: SpawnContext,
): Promise<void> {
  const argv = config.Spawner[name];
  if (argv.length === 0) return;
  const { home, account } = await userHome(config, ctx.user.name);
  const env: Record<string, string> = {
    ...ctx.env({ ip: config.Spawner.ip, port: config.Spawner.port }),
    USER: ctx.user.name,
    HOME: home,
    JUPYTERHUB_USER_OPTIONS: JSON.stringify(ctx.userOptions),
  };
  if (account) env.SHELL = account.shell;
  if (name === 'post_stop_hook') for (const key of TOKEN_KEYS) delete env[key];
  await runCommand(`Spawner.${name}`, argv, env, home, config.Spawner.start_timeout);
}

function runCommand(
  label: string,
  [command, ...args]: string[],
  env: Record<string, string>,
  cwd: string,
  seconds: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // its own process group, so a timeout ends whatever the hook started too
    const child = spawn(command, args, {
      env,
      cwd,
      detached: true,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let lastLine = '';
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (line.trim()) lastLine = line.trim();
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, seconds * 1000);
    const fail = (reason: string) => {
      clearTimeout(timer);
      reject(new SpawnFailed(500, `${label} ${reason}${lastLine ? `: ${lastLine}` : ''}`));
    };
    child.once('error', (error) => fail(`could not run ${command}: ${error.message}`));
    child.once('close', (code, signal) => {
      if (timedOut) return fail(`did not finish in ${seconds} seconds`);
      if (code === 0) {
        clearTimeout(timer);
        return resolve();
      }
      fail(`failed [status=${code ?? signal}]`);
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (error) {
    // ESRCH: it has just exited, which is what the timeout wants
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
