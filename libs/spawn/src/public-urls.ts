import { HubConfig, hubOrigin, serverOrigin, subdomainHostOf } from '@orrery/core';

/** The public URLs a server or service is told, and where its OAuth login returns to. */
export interface PublicUrls {
  /** `JUPYTERHUB_HOST`: the hub's origin, or '' so the server links to the hub by path */
  hubHost: string;
  /** `JUPYTERHUB_PUBLIC_URL`: the server's absolute URL, or '' */
  publicUrl: string;
  /** `JUPYTERHUB_PUBLIC_HUB_URL`: the hub's absolute URL, or '' */
  publicHubUrl: string;
  /** `JUPYTERHUB_OAUTH_CALLBACK_URL` and its OAuth client's redirect URI */
  oauthCallbackUrl: string;
}

/**
 * JupyterHub's `Spawner.get_env` URLs for the server of `name` at `prefix`. Without
 * subdomain_host (and Orrery has no `public_url`) they are paths on the hub's origin; with it
 * the server lives on its own host, so the callback is absolute there and the server sends the
 * browser to the hub's host to log in.
 */
export function publicUrls(
  config: HubConfig,
  kind: 'user' | 'service',
  name: string,
  prefix: string,
): PublicUrls {
  const sub = subdomainHostOf(config.JupyterHub.subdomain_host);
  const origin = serverOrigin(sub, name, kind);
  return {
    hubHost: sub ? hubOrigin(sub) : '',
    publicUrl: sub ? origin + prefix : '',
    publicHubUrl: sub ? `${hubOrigin(sub)}${config.JupyterHub.base_url}hub/` : '',
    oauthCallbackUrl: `${origin}${prefix}oauth_callback`,
  };
}
