import { isoformat, SpawnerEntity } from '@orrery/core';
import { urlEscapePath } from './url-escape';

export interface ServerUrls {
  baseUrl: string;
  hubPrefix: string;
}

export function serverPrefix(urls: ServerUrls, user: string, server: string): string {
  const named = server ? `${urlEscapePath(server)}/` : '';
  return `${urls.baseUrl}user/${urlEscapePath(user)}/${named}`;
}

export function progressUrl(urls: ServerUrls, user: string, server: string): string {
  const path = server ? `servers/${urlEscapePath(server)}` : 'server';
  return `${urls.hubPrefix}api/users/${urlEscapePath(user)}/${path}/progress`;
}

/**
 * JupyterHub's server model. `pending` is the in-flight action ('spawn', 'stop', ...) of the
 * spawn orchestrator; without one a server is ready exactly when it has a servers row.
 */
export function serverModel(
  urls: ServerUrls,
  user: string,
  spawner: SpawnerEntity,
  pending: string | null,
): Record<string, unknown> {
  const active = spawner.serverId !== null;
  return {
    name: spawner.name,
    display_name: spawner.displayName || spawner.name,
    full_name: `${user}/${spawner.name}`,
    last_activity: isoformat(spawner.lastActivity),
    started: isoformat(spawner.started),
    pending,
    ready: active && !pending,
    stopped: !active && !pending,
    url: serverPrefix(urls, user, spawner.name),
    user_options: spawner.userOptions ?? {},
    progress_url: progressUrl(urls, user, spawner.name),
    full_url: null,
    full_progress_url: null,
    state: spawner.state ?? {},
  };
}
