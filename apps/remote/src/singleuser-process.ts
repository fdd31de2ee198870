import { spawn } from 'node:child_process';
import { SERVER_COMMAND, RunningServer } from './tunnel-host';

/** How long the server has to exit after SIGTERM before SIGKILL. */
const KILL_AFTER_MS = 10_000;

/**
 * `jupyterhub-singleuser` from this machine's PATH, unchanged, with this machine's environment
 * plus the hub's JupyterHub variables; its output goes to the agent's terminal.
 */
export function runSingleuser(
  hubEnv: Record<string, string>,
  extraArgs: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): RunningServer {
  const child = spawn(SERVER_COMMAND, [...extraArgs], {
    env: { ...env, ...hubEnv },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<number>((resolve) => {
    child.once('error', () => resolve(127));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  let stopping = false;
  return {
    exited,
    stop: () => {
      if (stopping || child.exitCode !== null) return;
      stopping = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
      void exited.then(() => clearTimeout(timer));
    },
  };
}
