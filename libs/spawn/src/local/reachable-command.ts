import { closeSync, existsSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';

/** `command` as exec finds it: itself when it holds a slash, else the first match on `path`. */
export function findOnPath(command: string, path: string): string | null {
  if (command.includes('/')) return command;
  for (const folder of path.split(delimiter).filter(isAbsolute)) {
    const candidate = join(folder, command);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not in this folder: the next one may have it
    }
  }
  return null;
}

/** The interpreter a `#!` line names, or null for a binary or a script without one. */
export function interpreterOf(file: string): string | null {
  const head = Buffer.alloc(256);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const line = head.toString('latin1').split('\n')[0];
  return line.startsWith('#!') ? (line.slice(2).trim().split(/\s+/)[0] ?? null) : null;
}

/**
 * The first folder or file that keeps a uid other than its owner (and outside its group) from
 * running `file`: a folder on its real path without o+x, the file without o+x (and o+r for a
 * script), then the same for its `#!` interpreter; null when such a uid can run it. A Python
 * under /root (a pyenv, 0700) is the usual catch for servers run under allocated uids.
 */
export function blockedForOthers(file: string, depth = 0): string | null {
  const real = realpathSync(file);
  for (let folder = dirname(real); ; folder = dirname(folder)) {
    if ((statSync(folder).mode & 0o001) === 0) return folder;
    if (folder === dirname(folder)) break;
  }
  const interpreter = interpreterOf(real);
  const needs = interpreter ? 0o005 : 0o001;
  if ((statSync(real).mode & needs) !== needs) return real;
  return interpreter && depth < 4 ? blockedForOthers(interpreter, depth + 1) : null;
}

/**
 * The first existing folder above `path` (which need not exist yet) that others cannot pass,
 * or null: a home under it could never be entered by its own uid.
 */
export function closedFolderAbove(path: string): string | null {
  let folder = dirname(path);
  while (!existsSync(folder) && folder !== dirname(folder)) folder = dirname(folder);
  for (let current = realpathSync(folder); ; current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) return current;
    if (current === dirname(current)) return null;
  }
}
