import { hubOrigin, isoformat, serverOrigin, SpawnerEntity, SubdomainHost } from '@orrery/core';
import { urlEscapePath } from './url-escape';

export interface ServerUrls {
  baseUrl: string;
  hubPrefix: string;
  /** `JupyterHub.subdomain_host`, parsed: server URLs are then absolute, on the user's host */
  subdomain?: SubdomainHost | null;
}

/** The path of a server under base_url, whatever host it is on (its routespec's path). */

export function serverPrefix(urls: ServerUrls, user: string, server: string): string {
  const named = server ? `${urlEscapePath(server)}/` : '';
  return `${urls.baseUrl}user/${urlEscapePath(user)}/${named}`;
}

/** JupyterHub's `user.url` joined with the server: absolute on the user's host with subdomains. */
export function serverUrl(urls: ServerUrls, user: string, server: string): string {
  return serverOrigin(urls.subdomain ?? null, user, 'user') + serverPrefix(urls, user, server);
}

/** The absolute URL of a hub path (`public_url` defaults to subdomain_host), or null without one. */
export function fullHubUrl(urls: ServerUrls, path: string): string | null {
  return urls.subdomain ? hubOrigin(urls.subdomain) + path : null;
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
    url: serverUrl(urls, user, spawner.name),
    user_options: spawner.userOptions ?? {},
    progress_url: progressUrl(urls, user, spawner.name),
    // JupyterHub fills both from public_url, which Orrery has only as subdomain_host's default
    full_url: urls.subdomain ? serverUrl(urls, user, spawner.name) : null,
    full_progress_url: fullHubUrl(urls, progressUrl(urls, user, spawner.name)),
    state: spawner.state ?? {},
  };
}
