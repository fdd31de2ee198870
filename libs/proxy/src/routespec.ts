/**
 * JupyterHub's routespecs (`/user/alice/`, or `host/user/alice/` with subdomains) versus CHP's
 * route keys (`/user/alice`, `/host/user/alice`), as `proxy.py` converts them. Pure.
 */

/** Hub routespec to the path under `/api/routes`: leading slash, no trailing slash. */
export function routespecToChpPath(routespec: string): string {
  let path = routespec.startsWith('/') ? routespec : '/' + routespec;
  if (path !== '/') path = path.replace(/\/+$/, '');
  return path === '' ? '/' : path;
}

/**
 * A CHP key (stored decoded) back to the escaped routespec the hub created it with:
 * percent-encoded like Python's `quote(path, safe='@/~')`, trailing slash, and without the
 * leading slash in host-routing mode.
 */
export function routespecFromChpPath(chpPath: string, hostRouting: boolean): string {
  let routespec = quotePath(chpPath);
  if (hostRouting) routespec = routespec.replace(/^\/+/, '');
  return routespec.endsWith('/') ? routespec : routespec + '/';
}

const UNRESERVED = /[A-Za-z0-9_.\-~@/]/;

function quotePath(path: string): string {
  let out = '';
  for (const char of path) {
    if (UNRESERVED.test(char)) {
      out += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8'))
      out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}
