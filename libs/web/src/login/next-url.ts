/**
 * JupyterHub's _validate_next_url: keep a redirect target only if it stays on this hub.
 * Returns '' for anything that would leave it (the caller then uses its default).
 */
export function validateNextUrl(next: string, proto: string, host: string): string {
  // some browsers treat a backslash as a slash: `/\evil.com` would leave the hub
  let url = next.replace(/\\/g, '%5C');
  // browsers read `///host` as `//host`, so reduce it before deciding whether it has a host
  if (url.startsWith('///')) url = '//' + url.replace(/^\/+/, '');
  const own = [`${proto}://${host}/`, `//${host}/`];
  if (own.some((prefix) => (url + '/').startsWith(prefix))) {
    const parsed = new URL(url.startsWith('//') ? `${proto}:${url}` : url);
    url = '/' + parsed.pathname.replace(/^\/+/, '') + parsed.search + parsed.hash;
  }
  const hasHost = /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//');
  return url && (hasHost || !url.startsWith('/')) ? '' : url;
}
