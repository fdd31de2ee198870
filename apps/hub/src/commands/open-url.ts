import { listenAddress } from '@orrery/api';
import type { HubConfig } from '@orrery/core';

/**
 * Where a person opens the hub, for the last start-up line: the public `bind_url` with the
 * port the proxy really got; a bind on every interface is shown as localhost, the address
 * that works on the hub's machine (JupyterHub prints an empty host there).
 * With `subdomain_host` it is that host (JupyterHub's default `public_url`).
 */
export function openUrl(config: HubConfig, publicPort: number | null): string {
  // with subdomain_host the hub's cookies live on that host only: it is where to log in
  const subdomainHost = config.JupyterHub.subdomain_host;
  if (subdomainHost) return `${subdomainHost}${config.JupyterHub.base_url}`;
  const { host, port } = listenAddress(config.JupyterHub.bind_url);
  const everywhere = host === '0.0.0.0' || host === '::';
  const shownHost = everywhere ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const shownPort = publicPort ?? port;
  // the in-process proxy serves TLS when the hub has a certificate, whatever bind_url says
  const tls = config.JupyterHub.ssl_cert || config.JupyterHub.bind_url.startsWith('https:');
  const protocol = tls ? 'https:' : 'http:';
  return `${protocol}//${shownHost}:${shownPort}${config.JupyterHub.base_url}`;
}
