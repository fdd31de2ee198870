import { HubError } from '@orrery/core';

/** JupyterHub's `spawn_throttle_retry_range`: seconds a throttled client is told to wait. */
export const SPAWN_THROTTLE_RETRY_RANGE: readonly [number, number] = [30, 60];

export interface SpawnCounts {
  /** starts in progress (spawn or proxy pending) */
  pending: number;
  /** servers with a servers row: running or starting */
  active: number;
}

export interface SpawnLimits {
  concurrentSpawnLimit: number;
  activeServerLimit: number;
}

/** "30 seconds" up to 90 s (rounded up to tens), else whole minutes, as JupyterHub words it. */
export function humanRetryTime(seconds: number): string {
  if (seconds <= 90) return `${Math.ceil(seconds / 10)}0 seconds`;
  return `${Math.round(seconds / 60)} minutes`;
}

/** The 429 a start gets when the hub is busy, or nothing; `random` picks the Retry-After. */
export function checkSpawnLimits(
  counts: SpawnCounts,
  limits: SpawnLimits,
  random: () => number = Math.random,
): void {
  if (limits.concurrentSpawnLimit && counts.pending >= limits.concurrentSpawnLimit) {
    const [low, high] = SPAWN_THROTTLE_RETRY_RANGE;
    const retry = Math.floor(low + random() * (high - low));
    throw new HubError(
      429,
      `Too many users trying to log in right now. Try again in ${humanRetryTime(retry)}.`,
      { 'Retry-After': String(retry) },
    );
  }
  if (limits.activeServerLimit && counts.active >= limits.activeServerLimit) {
    throw new HubError(429, 'Active user limit exceeded. Try again in a few minutes.');
  }
}
