import { execFileSync } from 'node:child_process';
import type { SpawnerLog } from '../spawner';
import { findOnPath, interpreterOf } from './reachable-command';

/** The oldest jupyterhub-singleuser the compat suite runs (test/compat: 4.1, 5 and 6). */
export const OLDEST_SUPPORTED = [4, 1];

/** What the hub will run as each user's server, as the start-up log says it. */
export interface SingleuserReport {
  level: 'info' | 'warn';
  message: string;
}

/**
 * `jupyterhub`'s version as the command's own Python sees it (a `#!` script's interpreter), or
 * null when it is not a Python script or the import fails; at most 10 s.
 */
function versionOf(file: string): string | null {
  const python = interpreterOf(file);
  if (!python) return null;
  try {
    const out = execFileSync(python, ['-c', 'import jupyterhub; print(jupyterhub.__version__)'], {
      timeout: 10_000,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.trim() || null;
  } catch {
    return null;
  }
}

function olderThanSupported(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map((part) => parseInt(part, 10) || 0);
  const [oldMajor, oldMinor] = OLDEST_SUPPORTED;
  return major < oldMajor || (major === oldMajor && minor < oldMinor);
}

/**
 * Which `jupyterhub-singleuser` (path and version) `Spawner.cmd` runs with this PATH, and a
 * warning when it is missing or older than the hub supports: an old Debian package on the PATH
 * made every spawn fail with nothing said at start.
 */
export function singleuserReport(cmd: readonly string[], path: string): SingleuserReport {
  const [command] = cmd;
  if (!command) return { level: 'warn', message: 'Spawner.cmd is empty: no server can start' };
  const file = findOnPath(command, path);
  if (!file) {
    return {
      level: 'warn',
      message: `Spawner.cmd ${command} is not on the PATH: every server start will fail (npm start prepares .venv/singleuser; or set Spawner.cmd)`,
    };
  }
  const version = versionOf(file);
  if (version === null) return { level: 'info', message: `servers run ${file}` };
  if (olderThanSupported(version)) {
    return {
      level: 'warn',
      message: `servers run ${file} (jupyterhub ${version}), older than the ${OLDEST_SUPPORTED.join('.')} this hub supports: servers may fail to start or to reach the hub`,
    };
  }
  return { level: 'info', message: `servers run ${file} (jupyterhub ${version})` };
}

/** Logs the report at start (the local spawner's prepare). */
export function logSingleuser(
  cmd: readonly string[],
  log: SpawnerLog,
  path = process.env.PATH ?? '',
): void {
  const report = singleuserReport(cmd, path);
  log[report.level](report.message);
}
