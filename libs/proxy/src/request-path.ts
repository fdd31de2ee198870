/**
 * The path a request is routed on: the URL path without query, percent-decoded, with the
 * host in front when host routing. Pure; called once per request, so it avoids `new URL`
 * unless the URL needs normalising.
 */

/**
 * The request target as configurable-http-proxy 5 forwards it: WHATWG-URL-normalised path plus
 * query, so dot segments (`/a/../b`, `%2e%2e`) and backslashes are resolved before routing and
 * the target sees the path that was routed. Most URLs need none of that and are returned as
 * they are without parsing.
 */
export function normaliseUrl(url: string): string {
  if (!needsNormalising(url)) return url;
  const parsed = new URL(url, 'http://proxy.invalid');
  return parsed.pathname + parsed.search;
}

function needsNormalising(url: string): boolean {
  // Not origin-form, or `//x`, which WHATWG URLs read as a host (CHP routes it that way too).
  if (url.charCodeAt(0) !== 47 || url.charCodeAt(1) === 47) return true;
  for (let i = 0; i < url.length; i++) {
    const c = url.charCodeAt(i);
    if (c === 35) return true; // '#': fragments are dropped
    if (c === 92) return true; // '\\' counts as '/'
    if (c === 46 && url.charCodeAt(i - 1) === 47) return true; // '/.' may start a dot segment
    if (c === 37 && url.charCodeAt(i + 1) === 50 && (url.charCodeAt(i + 2) | 32) === 101)
      return true; // '%2e'
    if (
      c <= 32 ||
      c >= 127 ||
      c === 34 ||
      c === 60 ||
      c === 62 ||
      c === 96 ||
      c === 123 ||
      c === 125
    )
      return true;
  }
  return false;
}

/** The routing path of a normalised URL, or null when it cannot be percent-decoded. */
export function routingPath(
  url: string,
  host: string | undefined,
  hostRouting: boolean,
): string | null {
  const query = url.indexOf('?');
  let path = query === -1 ? url : url.slice(0, query);
  if (path.indexOf('%') !== -1) {
    try {
      path = decodeURIComponent(path);
    } catch {
      return null;
    }
  }
  if (!hostRouting) return path;
  return '/' + hostName(host) + path;
}

/** The Host header without its port, as CHP's host routing uses it. */
export function hostName(host: string | undefined): string {
  if (host === undefined) return '';
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
