import { fatalRequestError, invalidRequest, OAuthError } from './oauth-error';
import { CodeChallengeMethod, isCodeChallengeMethod } from './pkce';

/** A query or form as Fastify hands it over: repeated keys give arrays. */
export type RequestParams = Record<string, string | string[] | undefined>;

/** What an authorize request asks for, read the way oauthlib reads it. */
export interface AuthorizeParams {
  clientId: string;
  /** null when absent: the client's registered URI is used */
  redirectUri: string | null;
  responseType: string | null;
  state: string | null;
  /** the space-separated `scope` parameter, or null when absent */
  scope: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
}

/** The parts of a client record the authorize checks need. */
export interface AuthorizeClient {
  /** hashed secret; '' for clients that cannot use OAuth (the hub's own) */
  secret: string;
  redirectUri: string;
}

const SINGLE_PARAMS = ['client_id', 'response_type', 'redirect_uri', 'scope', 'state'] as const;

function values(params: RequestParams, name: string): string[] {
  const value = params[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The last value wins for repeated optional parameters, as in oauthlib's parameter dict. */
function last(params: RequestParams, name: string): string | null {
  const all = values(params, name);
  return all.length ? all[all.length - 1] : null;
}

/** Reads the parameters; duplicates and a missing client_id are fatal (shown on the hub). */
export function readAuthorizeParams(params: RequestParams): AuthorizeParams {
  for (const name of SINGLE_PARAMS) {
    if (values(params, name).length > 1) throw fatalRequestError(`Duplicate ${name} parameter.`);
  }
  const clientId = last(params, 'client_id');
  if (!clientId) throw fatalRequestError('Missing client_id parameter.');
  return {
    clientId,
    redirectUri: last(params, 'redirect_uri'),
    responseType: last(params, 'response_type'),
    state: last(params, 'state'),
    scope: last(params, 'scope'),
    codeChallenge: last(params, 'code_challenge'),
    codeChallengeMethod: last(params, 'code_challenge_method'),
  };
}

/** RFC 3986 absolute URI (scheme, no fragment), or a path on this host as JupyterHub allows. */
export function isAcceptableRedirectUri(uri: string): boolean {
  if (uri.startsWith('/')) return true;
  return /^[A-Za-z][A-Za-z0-9+.-]*:[^#\s]*$/.test(uri);
}

/**
 * The URI to send the browser back to: the registered one, which a given `redirect_uri`
 * must equal exactly. Unknown clients, clients without secret and bad URIs are fatal.
 */
export function checkClientRedirect(
  params: AuthorizeParams,
  client: AuthorizeClient | null,
): string {
  if (!client || !client.secret) throw fatalRequestError('Invalid client_id parameter value.');
  const given = params.redirectUri;
  if (given !== null) {
    if (!isAcceptableRedirectUri(given)) throw fatalRequestError('Invalid redirect URI.');
    if (given !== client.redirectUri) throw fatalRequestError('Mismatching redirect URI.');
    return given;
  }
  if (!client.redirectUri) throw fatalRequestError('Missing redirect URI.');
  if (!isAcceptableRedirectUri(client.redirectUri))
    throw fatalRequestError('Invalid redirect URI.');
  return client.redirectUri;
}

/**
 * The response type and PKCE parameters, checked in oauthlib's order; errors here are
 * redirected to the client. Returns the challenge method ('plain' when a challenge comes
 * without one), or null when the request carries no challenge.
 */
export function checkResponseTypeAndPkce(
  params: AuthorizeParams,
  requirePkce: boolean,
): CodeChallengeMethod | null {
  if (params.responseType === null) throw invalidRequest('Missing response_type parameter.');
  if (!params.responseType.includes('code')) throw new OAuthError('unsupported_response_type');
  if (params.codeChallenge === null) {
    if (requirePkce) throw invalidRequest('Code challenge required.');
    return null;
  }
  const method = params.codeChallengeMethod ?? 'plain';
  if (!isCodeChallengeMethod(method)) throw invalidRequest('Transform algorithm not supported.');
  return method;
}
