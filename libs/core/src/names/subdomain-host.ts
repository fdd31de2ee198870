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

/** `scheme://<label>.domain[:port]`, the user's origin. */
export function userOrigin(sub: SubdomainHost, name: string): string {
  const port = sub.port ? `:${sub.port}` : '';
  return `${sub.scheme}://${subdomainFor(name, sub.domain, 'user')}${port}`;
}

/** The proxy routespec of a server at `baseUrl` (e.g. `/user/alice/`) on the user's host. */
export function userRoutespec(sub: SubdomainHost, name: string, baseUrl: string): string {
  return subdomainFor(name, sub.domain, 'user') + baseUrl;
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
