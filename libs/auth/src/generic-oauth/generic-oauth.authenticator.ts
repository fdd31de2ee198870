import { GenericOAuthenticatorConfig } from '@orrery/core';
import { createRemoteJWKSet, errors as joseErrors, JWTPayload, jwtVerify } from 'jose';
import type { AuthResult, AuthenticatorDeps, AuthenticatorDescriptor } from '../authenticator';
import { valueAtPath } from '../oauth-client/claim-path';
import { authStateOf } from '../oauth-client/oauth-auth-state';
import {
  CallbackContext,
  OAuthClient,
  OAuthEndpoints,
  TokenResponse,
} from '../oauth-client/oauth-client';
import { checkOAuthenticatorKeys } from '../oauth-client/oauth-config-check';
import { OAuthenticator } from '../oauth-client/oauth-authenticator';
import { OAuthRefusal } from '../oauth-client/oauth-refusal';
import { ProviderHttp } from '../oauth-client/provider-http';
import { OidcDiscovery, OidcMetadata } from './oidc-discovery';

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * oauthenticator's GenericOAuthenticator: any OAuth2 provider by its URLs, or an OpenID
 * Connect issuer by discovery (`oidc_issuer`, Orrery's), whose id_token is then checked
 * against the issuer's JWKS (signature, issuer, audience, expiry, nonce) before anything in
 * it is believed. The identity is `<issuer>|<sub>`.
 */
export class GenericOAuthAuthenticator extends OAuthenticator<GenericOAuthenticatorConfig> {
  readonly name = 'oauth2';
  private readonly http: ProviderHttp;
  protected readonly client: OAuthClient;
  private readonly discovery: OidcDiscovery | null;
  private keySet: { uri: string; keys: KeySet } | null = null;

  constructor(
    config: GenericOAuthenticatorConfig,
    manageGroups: boolean,
    hubPrefix: string,
    enableAuthState = false,
  ) {
    super(config, manageGroups, enableAuthState, 'GenericOAuthenticator');
    this.http = new ProviderHttp(config.login_service, config.http_request_timeout);
    this.discovery = config.oidc_issuer ? new OidcDiscovery(config.oidc_issuer, this.http) : null;
    this.client = new OAuthClient(
      { keys: config, hubPrefix, endpoints: () => this.endpoints(), oidc: this.discovery !== null },
      this.http,
    );
  }

  static create({ config }: AuthenticatorDeps): GenericOAuthAuthenticator {
    const section = config.GenericOAuthenticator;
    const manageGroups = config.Authenticator.manage_groups;
    checkOAuthenticatorKeys('GenericOAuthenticator', section, manageGroups);
    if (section.oidc_issuer) {
      if (!section.scope.includes('openid')) {
        throw new Error('GenericOAuthenticator.scope must include openid with oidc_issuer');
      }
    } else {
      for (const key of ['authorize_url', 'token_url'] as const) {
        if (!section[key])
          throw new Error(`GenericOAuthenticator.${key} (or oidc_issuer) is required`);
      }
      if (section.userdata_from_id_token) {
        throw new Error(
          'GenericOAuthenticator.userdata_from_id_token needs oidc_issuer to check the id_token',
        );
      }
      if (!section.userdata_url) {
        throw new Error('GenericOAuthenticator.userdata_url (or oidc_issuer) is required');
      }
    }
    return new GenericOAuthAuthenticator(
      section,
      manageGroups,
      `${config.JupyterHub.base_url}hub/`,
      config.Authenticator.enable_auth_state,
    );
  }

  private async endpoints(): Promise<OAuthEndpoints> {
    const metadata = await this.discovery?.get();
    return {
      authorizeUrl: this.config.authorize_url || (metadata?.authorization_endpoint ?? ''),
      tokenUrl: this.config.token_url || (metadata?.token_endpoint ?? ''),
    };
  }

  /**
   * The id_token of a login is not checked again at a refresh (it was, once); with
   * userdata_from_id_token there is nothing to ask, so the login is kept.
   */
  override refreshUser(user: {
    name: string;
    authState: Record<string, unknown> | null;
  }): Promise<AuthResult | boolean> {
    if (this.config.userdata_from_id_token) return Promise.resolve(true);
    return super.refreshUser(user);
  }

  protected async identify(context: CallbackContext, refreshing = false): Promise<AuthResult> {
    const metadata = (await this.discovery?.get()) ?? null;
    const claims = metadata && !refreshing ? await this.checkIdToken(context, metadata) : null;
    const user =
      claims && this.config.userdata_from_id_token
        ? claims
        : await this.userdata(context.token, metadata);
    const name = valueAtPath(user, this.config.username_claim);
    if (typeof name !== 'string' || !name) {
      throw new OAuthRefusal(
        403,
        `${this.loginService} did not give this hub a username. Ask the hub's administrator.`,
        `no ${this.config.username_claim} in the user data (keys: ${Object.keys(user).join(', ')})`,
      );
    }
    const authState = authStateOf(context.token, 'oauth_user', user);
    return {
      name,
      identity: this.identityOf(metadata?.issuer ?? null, claims, user),
      authState,
      ...this.groupRules(authState),
    };
  }

  private async userdata(token: TokenResponse, metadata: OidcMetadata | null) {
    const url = this.config.userdata_url || metadata?.userinfo_endpoint;
    if (!url) {
      throw new OAuthRefusal(
        502,
        'The identity provider is not set up as this hub expects. Ask its administrator.',
        'no GenericOAuthenticator.userdata_url and the issuer has no userinfo_endpoint',
      );
    }
    return this.client.userdata(url, token);
  }

  private async checkIdToken(
    context: CallbackContext,
    metadata: OidcMetadata,
  ): Promise<JWTPayload> {
    const idToken = context.token.id_token;
    if (typeof idToken !== 'string') {
      throw new OAuthRefusal(
        502,
        `${this.loginService} did not send an id_token.`,
        'token response without id_token',
      );
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(idToken, this.keys(metadata.jwks_uri), {
        issuer: metadata.issuer,
        audience: this.config.client_id,
      }));
    } catch (error) {
      throw this.idTokenRefusal(error, metadata.jwks_uri);
    }
    if (payload.nonce !== context.nonce || typeof payload.sub !== 'string') {
      throw new OAuthRefusal(
        403,
        'This sign-in could not be verified. Please sign in again.',
        `id_token ${typeof payload.sub !== 'string' ? 'without sub' : 'nonce mismatch'}`,
      );
    }
    return payload;
  }

  private idTokenRefusal(error: unknown, jwksUri: string): OAuthRefusal {
    if (error instanceof joseErrors.JWKSTimeout) {
      return new OAuthRefusal(
        504,
        `${this.loginService} did not answer in time. Try signing in again later.`,
        `JWKS ${jwksUri}: no answer within ${this.config.http_request_timeout} s`,
      );
    }
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const unreachable = !(error instanceof joseErrors.JOSEError);
    return new OAuthRefusal(
      unreachable ? 502 : 403,
      unreachable
        ? `${this.loginService} could not be reached. Try signing in again later.`
        : 'This sign-in could not be verified (its id_token is not valid). Please sign in again.',
      `id_token check against ${jwksUri}: ${detail}`,
    );
  }

  /** The issuer's key set, fetched by jose when a token names a key it has not seen. */
  private keys(uri: string): KeySet {
    if (this.keySet?.uri !== uri) {
      const timeoutDuration = this.config.http_request_timeout * 1000;
      this.keySet = { uri, keys: createRemoteJWKSet(new URL(uri), { timeoutDuration }) };
    }
    return this.keySet.keys;
  }

  /** `<issuer>|<sub>`; without OIDC, the token endpoint's origin stands for the issuer. */
  private identityOf(
    issuer: string | null,
    claims: JWTPayload | null,
    user: Record<string, unknown>,
  ): string | undefined {
    if (claims) return `${claims.iss}|${claims.sub}`;
    const subject = user.sub ?? user.id;
    if (typeof subject !== 'string' && typeof subject !== 'number') return undefined;
    return `${issuer ?? new URL(this.config.token_url).origin}|${subject}`;
  }

  private groupRules(authState: Record<string, unknown>): Partial<AuthResult> {
    if (!this.manageGroups) return {};
    const key = this.config.auth_state_groups_key ?? `oauth_user.${this.config.claim_groups_key}`;
    const { groups, admin, allowed } = this.groupsAt(authState, key);
    return { groups, admin, ...(allowed && { allowed: true }) };
  }
}

export const GENERIC_OAUTH: AuthenticatorDescriptor = {
  name: 'oauth2',
  aliases: [
    'generic-oauth',
    'oauthenticator.generic.GenericOAuthenticator',
    'oauthenticator.GenericOAuthenticator',
  ],
  allowAllByDefault: false,
  configSection: 'GenericOAuthenticator',
  create: (deps) => GenericOAuthAuthenticator.create(deps),
};
