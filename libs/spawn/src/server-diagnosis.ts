import { constants } from 'node:os';
import { BackoffTimeout } from './backoff';
import { SpawnExited, StartTimeout } from './spawn-states';
import { ServerExited } from './wait-up';

/**
 * Why a server failed to start or died, in two registers: `summary` in words a learner
 * understands (shown to the owner on the home and spawn-pending pages), `details` in full for
 * admins (status, signal, the server's last output). Pure, so every cause is tested by table.
 */
export interface Diagnosis {
  reason: 'exit' | 'signal' | 'oom' | 'timeout' | 'no_answer' | 'error';
  summary: string;
  details: string;
}

/** What the hub saw of a server that went away. */
export type Observation =
  | {
      kind: 'exit';
      status: number;
      whileStarting: boolean;
      output: string | null;
      oomKilled?: boolean;
    }
  | { kind: 'start_timeout'; seconds: number }
  | { kind: 'http_timeout'; seconds: number; output: string | null }
  | { kind: 'error'; message: string };

export const TRY_AGAIN =
  'Try starting it again; if it happens again, tell your instructor or the hub admin.';

function signalName(status: number): string | null {
  // the local spawner reports a death by signal N as status -N
  if (status >= 0) return null;
  const found = Object.entries(constants.signals).find(([, number]) => number === -status);
  return found ? found[0] : `signal ${-status}`;
}

function withOutput(head: string, output: string | null): string {
  return output
    ? `${head}\nLast output of the server:\n${output}`
    : `${head}\nThe server printed nothing.`;
}

export function diagnose(seen: Observation): Diagnosis {
  switch (seen.kind) {
    case 'start_timeout':
      return {
        reason: 'timeout',
        summary: `Your server took too long to start (more than ${seen.seconds} seconds) and was stopped. ${TRY_AGAIN}`,
        details: `Spawner.start did not finish within Spawner.start_timeout (${seen.seconds} s).`,
      };
    case 'http_timeout':
      return {
        reason: 'no_answer',
        summary: `Your server started but never answered within ${seen.seconds} seconds, so it was stopped. ${TRY_AGAIN}`,
        details: withOutput(
          `The server's process ran but nothing answered on its address within Spawner.http_timeout (${seen.seconds} s).`,
          seen.output,
        ),
      };
    case 'error':
      return {
        reason: 'error',
        summary: `Your server could not be started because of a problem on the hub. ${TRY_AGAIN}`,
        details: seen.message,
      };
    case 'exit':
      return diagnoseExit(seen);
  }
}

function diagnoseExit(seen: Extract<Observation, { kind: 'exit' }>): Diagnosis {
  const when = seen.whileStarting ? 'before it was ready' : 'while you were using it';
  if (seen.oomKilled) {
    return {
      reason: 'oom',
      summary: `Your server ran out of memory ${when} and was stopped. Use less memory (smaller data, fewer open notebooks), then start it again.`,
      details: withOutput(
        `Killed by the kernel's out-of-memory killer (the container's memory limit, Spawner.mem_limit); exit status ${seen.status}.`,
        seen.output,
      ),
    };
  }
  const signal = signalName(seen.status);
  if (signal) {
    const hint = signal === 'SIGKILL' ? ' This often means it used more memory than allowed.' : '';
    return {
      reason: 'signal',
      summary: `Your server was stopped by the system (${signal}) ${when}.${hint} ${TRY_AGAIN}`,
      details: withOutput(`The server's process was killed by ${signal}.`, seen.output),
    };
  }
  return {
    reason: 'exit',
    summary: `Your server stopped by itself with an error (exit status ${seen.status}) ${when}. ${TRY_AGAIN}`,
    details: withOutput(`The server's process exited with status ${seen.status}.`, seen.output),
  };
}

/**
 * What a failed start's error says happened. `output` is the spawner's last lines (asked only
 * when they matter); `httpTimeout` the seconds `Spawner.http_timeout` allowed.
 */
export async function startObservation(
  error: unknown,
  output: () => Promise<string | null>,
  httpTimeout: number,
): Promise<Observation> {
  if (error instanceof StartTimeout) return { kind: 'start_timeout', seconds: error.seconds };
  if (error instanceof BackoffTimeout) {
    return { kind: 'http_timeout', seconds: httpTimeout, output: await output() };
  }
  if (error instanceof SpawnExited) return { kind: 'exit', whileStarting: true, ...error.exit };
  if (error instanceof ServerExited) {
    return { kind: 'exit', status: error.status, whileStarting: true, output: await output() };
  }
  return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
}
