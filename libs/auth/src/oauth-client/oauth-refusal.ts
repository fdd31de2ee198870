/**
 * Why an OAuth login stops: `message` is shown to the person on the hub's error page, `reason`
 * goes to the log (it may name URLs and provider errors, never tokens).
 */
export class OAuthRefusal extends Error {
  override name = 'OAuthRefusal';

  constructor(
    readonly status: number,
    message: string,
    readonly reason: string,
    /** the provider's HTTP status when it answered with an error (a 401 for a revoked token) */
    readonly providerStatus?: number,
  ) {
    super(message);
  }
}
