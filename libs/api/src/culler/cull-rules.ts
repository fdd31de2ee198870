import type { CullPolicySpec } from '@orrery/core';

/**
 * The culler's decisions, as pure functions of times in ms. A group policy replaces the
 * default timeout for its members; a user in several policy groups gets the longest timeout
 * (and the longest max_age, 0 counting as "never"), so a policy can only be generous to
 * someone another policy also covers: a learner who is also an instructor is culled as an
 * instructor.
 */
export interface CullLimits {
  /** seconds */
  timeout: number;
  /** seconds; 0: never */
  maxAge: number;
  /** the policy groups that set them; empty for the defaults */
  groups: string[];
}

export function limitsFor(
  defaults: { timeout: number; max_age: number },
  policies: readonly CullPolicySpec[],
  userGroups: readonly string[],
): CullLimits {
  const mine = policies.filter((policy) => userGroups.includes(policy.group));
  if (mine.length === 0) return { timeout: defaults.timeout, maxAge: defaults.max_age, groups: [] };
  const ages = mine.map((policy) => policy.max_age ?? defaults.max_age);
  return {
    timeout: Math.max(...mine.map((policy) => policy.timeout)),
    maxAge: ages.includes(0) ? 0 : Math.max(...ages),
    groups: mine.map((policy) => policy.group),
  };
}

export interface ServerTimes {
  /** ms */
  now: number;
  started: number | null;
  lastActivity: number | null;
  /** whether a kernel is busy; null when kernels were not asked */
  busyKernel: boolean | null;
  /** seconds; 0: kernels do not count */
  busyCap: number;
}

export type CullVerdict =
  | { cull: false; busy: boolean }
  | { cull: true; reason: 'idle' | 'max_age' | 'busy_cap'; summary: string };

function minutes(seconds: number): string {
  if (seconds < 120) return `${seconds} seconds`;
  return `${Math.round(seconds / 60)} minutes`;
}

/** Whether a running server is culled now, and why (the reason in words its owner reads). */
export function serverVerdict(times: ServerTimes, limits: CullLimits): CullVerdict {
  const age = times.started === null ? 0 : (times.now - times.started) / 1000;
  if (limits.maxAge > 0 && age > limits.maxAge) {
    return {
      cull: true,
      reason: 'max_age',
      summary: `Your server was stopped because it had been running for more than ${minutes(limits.maxAge)}, the longest this hub allows. Start it again to go on.`,
    };
  }
  const since = times.lastActivity ?? times.started ?? times.now;
  const idle = (times.now - since) / 1000;
  if (idle <= limits.timeout) return { cull: false, busy: false };
  if (times.busyKernel && times.busyCap > 0) {
    if (idle <= times.busyCap) return { cull: false, busy: true };
    return {
      cull: true,
      reason: 'busy_cap',
      summary: `Your server was stopped: a notebook was still running, but nobody had used the server for more than ${minutes(times.busyCap)}. Start it again to go on; your files are kept.`,
    };
  }
  return {
    cull: true,
    reason: 'idle',
    summary: `Your server was stopped because nobody had used it for more than ${minutes(limits.timeout)}. Start it again to go on; your files are kept.`,
  };
}

/** Whether a user without a running server is deleted (cull_users): never admins. */
export function userVerdict(
  user: { admin: boolean; lastActivity: number | null; created: number | null; active: boolean },
  now: number,
  limits: CullLimits,
): boolean {
  if (user.admin || user.active) return false;
  const since = user.lastActivity ?? user.created;
  return since !== null && (now - since) / 1000 > limits.timeout;
}
