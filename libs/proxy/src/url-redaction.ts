/**
 * A request URL as it may appear in a log line: the values of secret-looking query
 * parameters and the credential in `.../authorizations/token/<token>` or
 * `.../authorizations/cookie/<name>/<value>` become `[secret]`, as JupyterHub's log scrubs them.
 *
 *   '/hub/api/authorizations/token/abc?x=1'  -> '/hub/api/authorizations/token/[secret]?x=1'
 *   '/user/a/?token=abc&_xsrf=d&page=2'      -> '/user/a/?token=[secret]&_xsrf=[secret]&page=2'
 *   '/hub/login?next=%2Fuser%2Fa%2F%3Ftoken%3Dabc' -> the token inside next redacted too
 *
 * Names are matched by substring (`access_token`, `client_secret`, `oauth_verifier`...): a log
 * that hides a harmless value costs nothing, one that shows a token costs the token.
 */
export const REDACTED = '[secret]';

const SECRET_NAME = /token|auth|key|code|state|xsrf|secret|password|signature|verifier|ticket/i;
const SECRET_PATH = /(\/authorizations\/(?:token|cookie\/[^/?#]*))\/[^?#]+/gi;

export function redactUrl(url: string): string {
  const mark = url.indexOf('?');
  const path = (mark === -1 ? url : url.slice(0, mark)).replace(SECRET_PATH, `$1/${REDACTED}`);
  if (mark === -1) return path;
  const query = url
    .slice(mark + 1)
    .split('&')
    .map(redactParam)
    .join('&');
  return `${path}?${query}`;
}

function redactParam(pair: string): string {
  const eq = pair.indexOf('=');
  if (eq === -1) return pair;
  const name = pair.slice(0, eq);
  const value = pair.slice(eq + 1);
  if (SECRET_NAME.test(decoded(name))) return `${name}=${REDACTED}`;
  // a URL carried in a parameter (`next`, `redirect_uri`) may carry a token of its own
  const inner = decoded(value);
  if (!/[?/]/.test(inner)) return pair;
  const redacted = redactUrl(inner);
  return redacted === inner ? pair : `${name}=${encodeURIComponent(redacted)}`;
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
