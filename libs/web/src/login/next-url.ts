/**
 * JupyterHub's _validate_next_url, read the way a browser reads a `Location`: keep a redirect
 * target only if it stays on this hub's origin, as a path. Returns '' for anything else (the
 * caller then uses its default landing page).
 *
 *   '/user/alice/lab?x=1'           -> '/user/alice/lab?x=1'
 *   'https://<this host>/hub/home'  -> '/hub/home'
 *   '/\evil.org', '/\t/evil.org', '//evil.org', 'https:evil', 'javascript:...', 'a/b' -> ''
 *
 * Checking the raw string is not enough: a browser strips tabs and newlines, reads a backslash
 * as a slash and drops userinfo, so the WHATWG parser (`URL`) decides, and the answer is rebuilt
 * from its parts, so what the browser receives is exactly what was checked.
 */
import { isHostUnderSubdomainHost, SubdomainHost } from '@orrery/core';

export function validateNextUrl(
  next: string,
  proto: string,
  host: string,
  subdomain: SubdomainHost | null = null,
): string {
  // what the WHATWG parser drops before it parses: C0 controls and spaces around, tabs and newlines inside
  const cleaned = trimC0(next).replace(/[\t\n\r]/g, '');
  // a path, or an absolute URL with an authority: a bare `scheme:` (`https:evil`) is not a path
  // on this hub and JupyterHub refuses it too; relative paths are refused as JupyterHub does
  if (!/^[/\\]/.test(cleaned) && !/^[a-z][a-z0-9+.-]*:[/\\]{2}/i.test(cleaned)) return '';
  const base = ownBase(proto, host);
  let target: URL;
  try {
    target = new URL(cleaned, base);
  } catch {
    return '';
  }
  // with subdomain_host a server's own host counts as the hub's (JupyterHub's rule); the answer
  // is still a path on the hub's host, which sends the browser on to the server's host
  const underDomain = subdomain !== null && isHostUnderSubdomainHost(subdomain, target);
  if (target.origin !== base.origin && !underDomain) return '';
  // `/..//evil.org` resolves to the path `//evil.org`, which a browser would read as a host
  return '/' + target.pathname.replace(/^\/+/, '') + target.search + target.hash;
}

/** This hub's origin as the request names it; a Host no URL can hold matches nothing absolute. */
function ownBase(proto: string, host: string): URL {
  try {
    return new URL(`${proto}://${host}/`);
  } catch {
    return new URL('http://host.invalid/');
  }
}

/** `text` without the C0 controls and spaces the WHATWG parser trims from either end. */
function trimC0(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}
