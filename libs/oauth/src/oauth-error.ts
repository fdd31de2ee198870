/**
 * An OAuth 2 error as oauthlib reports it: `error` code, optional `description`, HTTP status.
 * `fatal` errors are shown to the person on the hub (the redirect URI cannot be trusted);
 * the others go back to the client in the redirect (authorize) or as JSON (token).
 */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string = '',
    readonly status: number = 400,
    readonly fatal: boolean = false,
  ) {
    super(description ? `(${error}) ${description}` : `(${error})`);
    this.name = 'OAuthError';
  }

  /** The `{"error", "error_description"}` body; an empty description is left out, as oauthlib does. */
  toJSON(): Record<string, string> {
    return this.description
      ? { error: this.error, error_description: this.description }
      : { error: this.error };
  }
}

/** Problems with client_id or redirect_uri: never redirected (RFC 6749 4.1.2.1). */
export function fatalRequestError(description: string): OAuthError {
  return new OAuthError('invalid_request', description, 400, true);
}

export const invalidRequest = (description: string): OAuthError =>
  new OAuthError('invalid_request', description);
export const invalidScope = (): OAuthError => new OAuthError('invalid_scope');
export const invalidGrant = (description = ''): OAuthError =>
  new OAuthError('invalid_grant', description);
export const invalidClient = (): OAuthError => new OAuthError('invalid_client', '', 401);
