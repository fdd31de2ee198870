import { OAuthRefusal } from '../oauth-client/oauth-refusal';
import { ProviderHttp } from '../oauth-client/provider-http';

/** The parts of an issuer's `.well-known/openid-configuration` the login uses. */
export interface OidcMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string | null;
  jwks_uri: string;
}

export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/**
 * Reads an issuer's metadata on first use and keeps it once it has been read: the hub starts
 * while the provider is down, and the first login after it is back works.
 */
export class OidcDiscovery {
  private metadata: Promise<OidcMetadata> | null = null;

  constructor(
    private readonly issuer: string,
    private readonly http: ProviderHttp,
  ) {}

  get(): Promise<OidcMetadata> {
    this.metadata ??= this.read().catch((error: unknown) => {
      this.metadata = null;
      throw error;
    });
    return this.metadata;
  }

  private async read(): Promise<OidcMetadata> {
    const url = discoveryUrl(this.issuer);
    const { body } = await this.http.getJson('OIDC discovery', url, {});
    const doc = body as Record<string, unknown>;
    const text = (key: string) => (typeof doc[key] === 'string' ? (doc[key] as string) : null);
    const issuer = text('issuer');
    const authorize = text('authorization_endpoint');
    const token = text('token_endpoint');
    const jwks = text('jwks_uri');
    // OpenID Connect Discovery 1.0 section 4.3: the issuer must be exactly the one configured
    if (issuer !== this.issuer || !authorize || !token || !jwks) {
      throw new OAuthRefusal(
        502,
        'The identity provider is not set up as this hub expects. Ask its administrator.',
        `OIDC discovery at ${url}: issuer ${JSON.stringify(issuer)} (expected ${this.issuer}) or endpoints missing`,
      );
    }
    return {
      issuer,
      authorization_endpoint: authorize,
      token_endpoint: token,
      userinfo_endpoint: text('userinfo_endpoint'),
      jwks_uri: jwks,
    };
  }
}
