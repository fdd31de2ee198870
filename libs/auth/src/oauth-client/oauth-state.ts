import { createHash, randomBytes } from 'node:crypto';

/** What the login route remembers for its callback, in a cookie the hub signs. */
export interface OAuthState {
  /** sent to the provider as `state` and compared when the browser comes back */
  state: string;
  /** PKCE code_verifier (RFC 7636), null when enable_pkce is off */
  verifier: string | null;
  /** OpenID Connect nonce, null for plain OAuth2 */
  nonce: string | null;
  redirectUri: string;
  next: string | null;
}

export const STATE_COOKIE = 'oauth-state';
/** Long enough to sign in at the provider (a password, a second factor), short enough to expire. */
export const STATE_MAX_AGE_SECONDS = 3600;

function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function newOAuthState(options: {
  pkce: boolean;
  nonce: boolean;
  redirectUri: string;
  next: string | null;
}): OAuthState {
  return {
    state: randomToken(),
    verifier: options.pkce ? randomToken() : null,
    nonce: options.nonce ? randomToken() : null,
    redirectUri: options.redirectUri,
    next: options.next,
  };
}

/** The S256 code_challenge of a verifier. */
export function codeChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export function encodeOAuthState(state: OAuthState): string {
  return JSON.stringify(state);
}

/** The state of a cookie value (already checked by the hub's signature), or null if malformed. */
export function decodeOAuthState(value: string | null): OAuthState | null {
  if (value === null) return null;
  try {
    const parsed = JSON.parse(value) as Partial<OAuthState>;
    if (typeof parsed.state !== 'string' || typeof parsed.redirectUri !== 'string') return null;
    return {
      state: parsed.state,
      verifier: typeof parsed.verifier === 'string' ? parsed.verifier : null,
      nonce: typeof parsed.nonce === 'string' ? parsed.nonce : null,
      redirectUri: parsed.redirectUri,
      next: typeof parsed.next === 'string' ? parsed.next : null,
    };
  } catch {
    // a cookie the hub signed always parses; anything else is treated as no state at all
    return null;
  }
}
