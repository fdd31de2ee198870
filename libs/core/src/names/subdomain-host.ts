/**
 * Where a user's server lives when `JupyterHub.subdomain_host` is set: `http://hub.test:8000`
 * puts alice at `http://alice.hub.test:8000/user/alice/` with the routespec
 * `alice.hub.test/user/alice/`, as JupyterHub's `User.host`, `User.url` and `proxy_spec` do.
 * Each user then has an origin of their own, so a page in her server is cross-origin to the hub
 * and to every other user.
 */
import { subdomainFor } from './dns-label';

export interface SubdomainHost {
  scheme: 'http' | 'https';
  /** the host name without port, lower case (e.g. `hub.test`) */
  domain: string;
  /** the explicit port, or '' for the scheme's default */
  port: string;
}

/** Parses the configured value; throws on anything but an http(s) origin without a path. */
export function parseSubdomainHost(value: string): SubdomainHost {
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`subdomain_host must be http:// or https://, not ${url.protocol}`);
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password)
    throw new Error('subdomain_host must be an origin only (scheme, host, port)');
  return {
    scheme: url.protocol === 'https:' ? 'https' : 'http',
    domain: url.hostname,
    port: url.port,
  };
}

/** The configured `JupyterHub.subdomain_host`, parsed; null when servers share the hub's origin. */
export function subdomainHostOf(value: string | null | undefined): SubdomainHost | null {
  return value ? parseSubdomainHost(value) : null;
}

/** `scheme://domain[:port]`: the hub's own origin (JupyterHub's `hub.public_host`). */
export function hubOrigin(sub: SubdomainHost): string {
  return `${sub.scheme}://${sub.domain}${sub.port ? `:${sub.port}` : ''}`;
}

/**
 * The origin of a user's or a service's servers (`http://alice.hub.test:8000`), or '' without
 * subdomain_host: then every URL stays a path on the hub's origin.
 */
export function serverOrigin(
  sub: SubdomainHost | null,
  name: string,
  kind: 'user' | 'service',
): string {
  if (!sub) return '';
  const port = sub.port ? `:${sub.port}` : '';
  return `${sub.scheme}://${subdomainFor(name, sub.domain, kind)}${port}`;
}

/** The proxy routespec of a server at `prefix`: `host/user/alice/` with subdomains, else the path. */
export function serverRoutespec(
  sub: SubdomainHost | null,
  name: string,
  kind: 'user' | 'service',
  prefix: string,
): string {
  return sub ? subdomainFor(name, sub.domain, kind) + prefix : prefix;
}

/** `scheme://<label>.domain[:port]`, the user's origin. */
export function userOrigin(sub: SubdomainHost, name: string): string {
  return serverOrigin(sub, name, 'user');
}

/** The proxy routespec of a server at `baseUrl` (e.g. `/user/alice/`) on the user's host. */
export function userRoutespec(sub: SubdomainHost, name: string, baseUrl: string): string {
  return serverRoutespec(sub, name, 'user', baseUrl);
}

/**
 * Whether a `next` target's host may be followed: the hub's own host or one label-wise under
 * the domain (`alice.hub.test`, not `evilhub.test` or `hub.test.evil`), on the same port.
 */
export function isHostUnderSubdomainHost(sub: SubdomainHost, target: URL): boolean {
  if (target.protocol !== `${sub.scheme}:`) return false;
  if (target.port !== sub.port) return false;
  const host = target.hostname.toLowerCase();
  return host === sub.domain || host.endsWith('.' + sub.domain);
}
