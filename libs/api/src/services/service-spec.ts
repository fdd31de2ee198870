import { serverOrigin, SubdomainHost } from '@orrery/core';
import { urlEscapePath } from '../models/url-escape';

/**
 * The fields of a service the hub stores, whether declared in the config file
 * (`JupyterHub.services`) or posted to `POST /hub/api/services/:name`.
 */
export interface ServiceRecordSpec {
  name: string;
  admin?: boolean;
  url?: string;
  api_token?: string;
  info?: Record<string, unknown>;
  display?: boolean;
  oauth_no_confirm?: boolean;
  oauth_client_id?: string;
  oauth_redirect_uri?: string;
  oauth_client_allowed_scopes?: string[];
  command?: string[];
}

/** Text columns of the services, servers and oauth_clients tables hold 255 characters. */
const MAX_TEXT = 255;

export function servicePrefix(baseUrl: string, name: string): string {
  return `${baseUrl}services/${urlEscapePath(name)}/`;
}

export function oauthClientIdOf(spec: ServiceRecordSpec): string {
  return spec.oauth_client_id || `service-${spec.name}`;
}

/** JupyterHub: a service with a URL, or any OAuth setting given, is an OAuth client. */
export function wantsOAuthClient(spec: ServiceRecordSpec): boolean {
  return Boolean(
    spec.url || spec.oauth_client_id || spec.oauth_redirect_uri || spec.oauth_no_confirm,
  );
}

/** The redirect URI: given, or the callback under the service's prefix when it has a URL. */
export function redirectUriOf(
  spec: ServiceRecordSpec,
  baseUrl: string,
  subdomain: SubdomainHost | null = null,
): string | null {
  if (spec.oauth_redirect_uri) return spec.oauth_redirect_uri;
  // with subdomain_host the service is on its own host (JupyterHub's `service.host`)
  const origin = serverOrigin(subdomain, spec.name, 'service');
  return spec.url ? `${origin}${servicePrefix(baseUrl, spec.name)}oauth_callback` : null;
}

/** Where the service listens, as a `servers` row stores it (JupyterHub's `orm.Server`). */
export function serverAddressOf(url: string): { proto: string; ip: string; port: number } {
  const parsed = new URL(url);
  const proto = parsed.protocol.replace(/:$/, '');
  const port = parsed.port ? Number(parsed.port) : proto === 'https' ? 443 : 80;
  return { proto, ip: parsed.hostname.replace(/^\[(.*)\]$/, '$1'), port };
}

function isHttpUrl(url: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    // not a URL at all: reported like a wrong scheme
    return false;
  }
}

/** What JupyterHub refuses when it builds a service from a spec; null when the spec is fine. */
export function serviceSpecProblem(spec: ServiceRecordSpec): string | null {
  const { name } = spec;
  const long = (['name', 'url', 'oauth_client_id', 'oauth_redirect_uri'] as const).find(
    (key) => (spec[key]?.length ?? 0) > MAX_TEXT,
  );
  if (long) return `service ${long} is longer than ${MAX_TEXT} characters`;
  if (spec.url && !isHttpUrl(spec.url)) {
    return `Unsupported scheme in URL for service ${name}: ${spec.url}. Must be http[s]`;
  }
  if (spec.oauth_client_id !== undefined && !spec.oauth_client_id.startsWith('service-')) {
    return (
      `service ${name} has oauth_client_id='${spec.oauth_client_id}'.` +
      " Service oauth client ids must start with 'service-'"
    );
  }
  if (wantsOAuthClient(spec) && !spec.oauth_redirect_uri && !spec.url) {
    return `Service ${name} has oauth configured, but is missing required oauth_redirect_uri.`;
  }
  return null;
}
