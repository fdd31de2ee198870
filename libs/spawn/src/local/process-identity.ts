import { readFileSync } from 'node:fs';

export interface ProcessInfo {
  /** start time in clock ticks since boot: with the pid, names one process for good */
  startTicks: string;
  zombie: boolean;
}

/**
 * What `/proc/<pid>/stat` says about a process (Linux), or null when it does not exist or
 * there is no /proc. A pid alone may be reused after a hub restart; pid + start time cannot.
 */
export function processInfo(pid: number, procRoot = '/proc'): ProcessInfo | null {
  let stat: string;
  try {
    stat = readFileSync(`${procRoot}/${pid}/stat`, 'utf8');
  } catch {
    // no such process, or no /proc on this system: the caller falls back to signal 0
    return null;
  }
  // the command name (field 2) may hold spaces and parentheses; fields after it are plain
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { startTicks: fields[19], zombie: fields[0] === 'Z' };
}

/** Whether a process exists (signal 0); EPERM means it exists but belongs to someone else. */
export function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
