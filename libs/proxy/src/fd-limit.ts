import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The process's open-file limit, raised at start. Node has no setrlimit, and a soft limit of
 * 1024 (the usual default) lets a few hundred idle clients take every descriptor the hub API
 * and the database need; util-linux's `prlimit` raises the soft limit to the hard one.
 */

export interface FdLimit {
  soft: number;
  hard: number;
  /** Why the soft limit could not be raised, when it could not. */
  error?: string;
}

/** The `Max open files` line of /proc/<pid>/limits ("unlimited" read as Infinity). */
export function readFdLimit(limits: string): { soft: number; hard: number } | undefined {
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limits);
  if (match === null) return undefined;
  const value = (text: string) => (text === 'unlimited' ? Infinity : Number(text));
  return { soft: value(match[1]), hard: value(match[2]) };
}

function currentLimit(): { soft: number; hard: number } | undefined {
  try {
    return readFdLimit(readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return undefined; // not Linux: the limit is unknown and left as it is
  }
}

/** Raises this process's soft limit to its hard limit with `prlimit`; returns the result. */
export function raiseFdLimit(): FdLimit | undefined {
  const before = currentLimit();
  if (before === undefined) return undefined;
  if (before.soft >= before.hard) return before;
  const hard = Number.isFinite(before.hard) ? String(before.hard) : 'unlimited';
  try {
    execFileSync('prlimit', [`--pid=${process.pid}`, `--nofile=${hard}:${hard}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 5000,
    });
  } catch (error) {
    return { ...before, error: (error as Error).message.split('\n')[0] };
  }
  return currentLimit() ?? before;
}

/** The soft limit now, or undefined where /proc is missing. */
export function softFdLimit(): number | undefined {
  return currentLimit()?.soft;
}
