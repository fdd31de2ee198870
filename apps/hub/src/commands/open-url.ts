import { listenAddress } from '@orrery/api';
import type { HubConfig } from '@orrery/core';

/**
 * Where a person opens the hub, for the last start-up line: the public `bind_url` with the
 * port the proxy really got; a bind on every interface is shown as localhost, the address
 * that works on the hub's machine (JupyterHub prints an empty host there).
 */
export function openUrl(config: HubConfig, publicPort: number | null): string {
  const { host, port } = listenAddress(config.JupyterHub.bind_url);
  const everywhere = host === '0.0.0.0' || host === '::';
  const shownHost = everywhere ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const shownPort = publicPort ?? port;
  // the in-process proxy serves TLS when the hub has a certificate, whatever bind_url says
  const tls = config.JupyterHub.ssl_cert || config.JupyterHub.bind_url.startsWith('https:');
  const protocol = tls ? 'https:' : 'http:';
  return `${protocol}//${shownHost}:${shownPort}${config.JupyterHub.base_url}`;
}
