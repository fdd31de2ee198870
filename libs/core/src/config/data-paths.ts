import { mkdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from './config-error';
import { parseDbUrl } from './db-url';
import type { HubConfig } from './hub-config';

/** Who runs the hub and in what environment: what the default locations depend on. */
export interface HostIdentity {
  uid: number;
  env: NodeJS.ProcessEnv;
}

/** The running process's identity; -1 where there are no uids (Windows). */
export function currentIdentity(): HostIdentity {
  return { uid: process.getuid?.() ?? -1, env: process.env };
}

/** `$XDG_DATA_HOME`, else `~/.local/share` (the XDG base directory rule); null without a home. */
function userDataHome(env: NodeJS.ProcessEnv): string | null {
  if (env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME)) return env.XDG_DATA_HOME;
  return env.HOME ? join(env.HOME, '.local', 'share') : null;
}

function dataHome(identity: HostIdentity): string {
  if (identity.uid === 0) return '/var/lib';
  const home = userDataHome(identity.env);
  if (!home) throw new Error('neither XDG_DATA_HOME nor HOME is set; set JupyterHub.data_dir');
  return home;
}

/**
 * Where the hub keeps its state when `JupyterHub.data_dir` is not set: /var/lib/orrery for
 * root, else `$XDG_DATA_HOME/orrery` (`~/.local/share/orrery`). Never the working directory,
 * which is often a git checkout that `git clean` empties.
 */
export function defaultDataDir(identity: HostIdentity): string {
  return join(dataHome(identity), 'orrery');
}

/**
 * The folder users' homes go in when `LocalProcessSpawner.home_dir_template` is not set:
 * beside the data dir, not in it, since the data dir is 0700 and servers running under their
 * own uids must reach their homes.
 */
export function defaultHomesRoot(identity: HostIdentity): string {
  return join(dataHome(identity), 'orrery-users');
}

/** `home_dir_template` as configured, or its default under the default homes root. */
export function homeDirTemplate(template: string | null, identity: HostIdentity): string {
  return template ?? join(defaultHomesRoot(identity), '{username}');
}

/**
 * Makes the configuration's paths absolute: `data_dir` and `home_dir_template` against the
 * config file's folder (the working directory without one); relative sqlite `db_url` paths
 * and `cookie_secret_file` inside the data dir. Returns the same config, changed.
 */
export function resolveHubPaths(
  config: HubConfig,
  identity: HostIdentity,
  configFile?: string,
): HubConfig {
  const base = configFile ? dirname(resolve(configFile)) : process.cwd();
  const hub = config.JupyterHub;
  const dataDir = resolve(base, hub.data_dir ?? defaultDataDir(identity));
  hub.data_dir = dataDir;
  hub.cookie_secret_file = resolve(dataDir, hub.cookie_secret_file);
  const target = parseDbUrl(hub.db_url);
  if (typeof target !== 'string' && target.type === 'sqlite' && target.path !== ':memory:') {
    hub.db_url = `sqlite:///${resolve(dataDir, target.path)}`;
  }
  const spawner = config.LocalProcessSpawner;
  spawner.home_dir_template = resolve(base, homeDirTemplate(spawner.home_dir_template, identity));
  return config;
}

/**
 * Creates the data dir (mode 0700) or checks that only the hub's user can enter it: whoever can
 * read it can read the database and the cookie secret, and so forge anyone's login.
 */
export function prepareDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32' || (statSync(dir).mode & 0o077) === 0) return;
  throw new ConfigError([
    {
      path: 'JupyterHub.data_dir',
      source: dir,
      message: `other users can enter ${dir}; chmod 700 it (it holds the database and the cookie secret)`,
    },
  ]);
}

/**
 * Files an older Orrery (which, like JupyterHub, put relative sqlite paths and the cookie
 * secret in the working directory) left where this one no longer looks: before/after pairs of
 * an unresolved config whose old file exists and new one does not. Starting anyway would
 * start an empty database and log everyone out.
 */
export function strandedState(
  unresolved: { db_url: string; cookie_secret_file: string },
  resolved: { db_url: string; cookie_secret_file: string },
  cwd: string,
  exists: (file: string) => boolean,
): { from: string; to: string }[] {
  const pairs: { from: string; to: string }[] = [];
  const [before, after] = [parseDbUrl(unresolved.db_url), parseDbUrl(resolved.db_url)];
  if (typeof before !== 'string' && before.type === 'sqlite' && typeof after !== 'string') {
    if (after.type === 'sqlite') pairs.push({ from: resolve(cwd, before.path), to: after.path });
  }
  pairs.push({
    from: resolve(cwd, unresolved.cookie_secret_file),
    to: resolved.cookie_secret_file,
  });
  return pairs.filter(({ from, to }) => from !== to && exists(from) && !exists(to));
}
