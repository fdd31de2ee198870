/** Time and randomness for waiting loops, injected so tests run them without sleeping. */
export interface WaitDeps {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const realWaitDeps: WaitDeps = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((done) => setTimeout(done, ms).unref()),
  random: Math.random,
};

export interface BackoffOptions {
  timeoutMs: number;
  startWaitMs?: number;
  scaleFactor?: number;
  maxWaitMs?: number;
  /** the deadline itself moves by up to this share of the timeout, either way */
  timeoutTolerance?: number;
}

export class BackoffTimeout extends Error {}

/**
 * JupyterHub's exponential_backoff: call `attempt` until it returns a value, waiting a random
 * time ("full jitter") below a limit that doubles from 0.2 s up to 5 s, until a deadline that
 * is itself jittered by 10 % so that many waits started together do not end together.
 */
export async function exponentialBackoff<T>(
  attempt: () => Promise<T | undefined>,
  failMessage: string,
  options: BackoffOptions,
  deps: WaitDeps = realWaitDeps,
): Promise<T> {
  const { timeoutMs, startWaitMs = 200, scaleFactor = 2, maxWaitMs = 5000 } = options;
  const tolerance = (options.timeoutTolerance ?? 0.1) * timeoutMs;
  const deadline = deps.now() + timeoutMs + (deps.random() * 2 - 1) * tolerance;
  let scale = 1;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    const remaining = deadline - deps.now();
    if (remaining <= 0) throw new BackoffTimeout(failMessage);
    const limit = Math.min(maxWaitMs, startWaitMs * scale);
    if (limit < maxWaitMs) scale *= scaleFactor;
    await deps.sleep(Math.min(remaining, deps.random() * limit));
  }
}
