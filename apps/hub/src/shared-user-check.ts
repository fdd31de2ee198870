import { isIP } from 'node:net';
import { listenAddress } from '@orrery/api';
import type { ConfigProblem, HubConfig } from '@orrery/core';
import { allocatesUids, findSpawner } from '@orrery/spawn';

/** What the refusal says after the address: why, and every way to a hub others may reach. */
export const SHARED_USER_BIND_MESSAGE =
  "refuses a non-loopback address: the hub does not run as root, so the local spawner would run every user's server as this Unix user, and any user's code could read the others' files, the database and the cookie secret. " +
  'Safe options: run the hub as root (each server then gets its own uid from LocalProcessSpawner.uid_range), ' +
  'or use JupyterHub.spawner_class: docker, or bind to 127.0.0.1; ' +
  'or accept the risk with JupyterHub.allow_public_bind_without_user_isolation: true';

/** Whether a listening host is reachable only from this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * The problem with a configuration whose local servers would all share the hub's Unix user
 * while the public port is open to the network, or null. JupyterHub has no such check: its
 * default (as root) switches to each user's system account.
 */
export function sharedUserProblem(
  config: HubConfig,
  uid: number,
  source: string,
): ConfigProblem | null {
  const hub = config.JupyterHub;
  if (hub.allow_public_bind_without_user_isolation) return null;
  if (findSpawner(hub.spawner_class).name !== 'local') return null;
  if (config.LocalProcessSpawner.run_as_system_user || allocatesUids(config, uid)) return null;
  if (isLoopbackHost(listenAddress(hub.bind_url).host)) return null;
  return {
    path: 'JupyterHub.bind_url',
    source,
    message: `${hub.bind_url} ${SHARED_USER_BIND_MESSAGE}`,
  };
}
