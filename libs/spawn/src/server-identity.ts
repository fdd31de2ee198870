import { urlEscapePath } from './server-env';

/** Python's `quote(value)` (safe='/'): the OAuth client id doubles as a cookie name. */
function pythonQuote(value: string): string {
  return urlEscapePath(value).replace(/@/g, '%40').replace(/%2F/g, '/');
}

/** `/user/alice/` or `/user/alice/gpu/` under `base_url`. */
export function serverPrefix(baseUrl: string, user: string, server: string): string {
  const named = server ? `${urlEscapePath(server)}/` : '';
  return `${baseUrl}user/${urlEscapePath(user)}/${named}`;
}

/** `jupyterhub-user-<quote(name)>[-<quote(server)>]` */
export function serverClientId(user: string, server: string): string {
  const named = server ? `-${pythonQuote(server)}` : '';
  return `jupyterhub-user-${pythonQuote(user)}${named}`;
}

/** The scopes that grant access to a server (its `JUPYTERHUB_OAUTH_ACCESS_SCOPES`). */
export function serverAccessScopes(user: string, server: string): string[] {
  return [`access:servers!server=${user}/${server}`, `access:servers!user=${user}`];
}

/**
 * The scopes of a server's API token: `Spawner.server_token_scopes` or the `server` role's;
 * a bare `!server` filter means this server; activity reporting is always possible.
 */
export function serverTokenScopes(
  requested: readonly string[],
  user: string,
  server: string,
): string[] {
  const scopes = new Set(
    requested.map((scope) => (scope.endsWith('!server') ? `${scope}=${user}/${server}` : scope)),
  );
  const activity = 'users:activity!user';
  if (![activity, 'users:activity', 'inherit'].some((scope) => scopes.has(scope))) {
    scopes.add(activity);
  }
  return [...scopes];
}
