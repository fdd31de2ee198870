import type { TokenResponse } from './oauth-client';

/** The granted scopes of a token response (space- or comma-separated, as providers differ). */
export function grantedScopes(token: TokenResponse): string[] {
  const scope = typeof token.scope === 'string' ? token.scope : '';
  return scope.split(/[ ,]/).filter(Boolean);
}

/**
 * oauthenticator's auth_state: the tokens, the granted scopes, the whole token response and
 * the user data under the provider's key (`github_user`, `oauth_user`), so spawner hooks
 * written for JupyterHub find what they read.
 */
export function authStateOf(
  token: TokenResponse,
  userKey: string,
  user: unknown,
): Record<string, unknown> {
  return {
    access_token: token.access_token,
    refresh_token: token.refresh_token ?? null,
    id_token: token.id_token ?? null,
    scope: grantedScopes(token),
    token_response: token,
    [userKey]: user,
  };
}
