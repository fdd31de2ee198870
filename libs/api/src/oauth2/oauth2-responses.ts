import type { OAuthError, RequestParams } from '@orrery/oauth';

/** oauthlib's headers on every token response, errors included: tokens must not be cached. */
export const NO_STORE = {
  'Content-Type': 'application/json',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
};

/** What a 401 carries (RFC 6750 section 3), as oauthlib sends it for `invalid_client`. */
export function challengeOf(error: OAuthError): Record<string, string> {
  if (error.status !== 401) return {};
  const parts = [`error="${error.error}"`];
  if (error.description) parts.push(`error_description="${error.description}"`);
  return { 'WWW-Authenticate': `Bearer ${parts.join(', ')}` };
}

/** oauthlib reads only form bodies (see json-body.ts); anything else is an empty request. */
export function formOf(body: unknown): RequestParams {
  const isForm =
    typeof body === 'object' &&
    body !== null &&
    Object.values(body).every((value) => Array.isArray(value));
  return isForm ? (body as RequestParams) : {};
}
