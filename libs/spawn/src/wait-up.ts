import { request } from 'node:http';
import { exponentialBackoff, realWaitDeps, WaitDeps } from './backoff';

const REQUEST_TIMEOUT_MS = 10_000;

/** The status of one GET without following redirects, or null when nobody answered. */
export function httpStatus(url: string): Promise<number | null> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'GET', agent: false, timeout: REQUEST_TIMEOUT_MS },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? null);
      },
    );
    req.on('timeout', () => req.destroy());
    // refused, reset or timed out: the server is not there yet
    req.on('error', () => resolve(null));
    req.end();
  });
}

export interface WaitUpOptions {
  timeoutMs: number;
  /** checked between attempts: a server that exited will never answer */
  exited?: () => Promise<number | null>;
  signal?: AbortSignal;
  deps?: WaitDeps;
  get?: (url: string) => Promise<number | null>;
}

/** A server that exited while the hub waited for it. */
export class ServerExited extends Error {
  constructor(readonly status: number) {
    super(`exited with status ${status}`);
  }
}

/**
 * First and longest wait between attempts. JupyterHub starts at 200 ms and doubles to 5 s, so a
 * server that takes 2 s to start is seen up to 3 s late; loopback attempts cost next to nothing,
 * so Orrery asks often and sees a server within a quarter second of it answering.
 */
const FIRST_WAIT_MS = 10;
const LONGEST_WAIT_MS = 250;

/**
 * Waits until `url` answers with any status below 500 (JupyterHub's wait_for_http_server);
 * 5xx and connection errors are retried with exponential backoff until the timeout.
 */
export async function waitUp(url: string, options: WaitUpOptions): Promise<number> {
  const get = options.get ?? httpStatus;
  const deps = options.deps ?? realWaitDeps;
  const { signal } = options;
  // a cancelled start should not sit out a backoff wait of up to 5 s
  const aborted = new Promise<void>((done) => signal?.addEventListener('abort', () => done()));
  const sleep = (ms: number) => Promise.race([deps.sleep(ms), aborted]);
  return exponentialBackoff(
    async () => {
      signal?.throwIfAborted();
      const status = await get(url);
      if (status !== null && status < 500) return status;
      const exit = await options.exited?.();
      if (exit !== undefined && exit !== null) throw new ServerExited(exit);
      return undefined;
    },
    `Server at ${url} didn't respond in ${options.timeoutMs / 1000} seconds`,
    { timeoutMs: options.timeoutMs, startWaitMs: FIRST_WAIT_MS, maxWaitMs: LONGEST_WAIT_MS },
    { ...deps, sleep },
  );
}
