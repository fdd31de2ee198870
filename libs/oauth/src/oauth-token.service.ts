import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ApiTokenEntity,
  Clock,
  GENERATED_TOKEN_ROUNDS,
  hashToken,
  HubConfig,
  matchesTokenHash,
  newOAuthToken,
  OAuthClientEntity,
  OAuthCodeEntity,
  tokenPrefix,
} from '@orrery/core';
import { DataSource } from 'typeorm';
import { RequestParams } from './authorize-params';
import { invalidClient, invalidGrant, invalidRequest, OAuthError } from './oauth-error';
import { OAuthClientsService } from './oauth-clients.service';
import { OAuthCodesService } from './oauth-codes.service';
import { isCodeChallengeMethod, verifiesChallenge } from './pkce';

/** The body of a successful `POST /hub/api/oauth2/token` (no refresh token: JupyterHub drops it). */
export interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  scope: string;
}

function values(form: RequestParams, name: string): string[] {
  const value = form[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function last(form: RequestParams, name: string): string | null {
  const all = values(form, name);
  return all.length ? all[all.length - 1] : null;
}

/**
 * The token endpoint: exchanges an authorization code for an API token, with oauthlib's
 * checks in oauthlib's order (so a client sees the same error JupyterHub would give it).
 * Client authentication is by `client_id` and `client_secret` in the form.
 */
@Injectable()
export class OAuthTokenService {
  private readonly logger = new Logger('oauth');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(OAuthClientsService) private readonly clients: OAuthClientsService,
    @Inject(OAuthCodesService) private readonly codes: OAuthCodesService,
  ) {}

  /** Seconds a new OAuth token lives: `oauth_token_expires_in`, else the login cookie's age. */
  get expiresIn(): number {
    const { oauth_token_expires_in: configured, cookie_max_age_days: days } =
      this.config.JupyterHub;
    return configured ?? Math.round(days * 86_400);
  }

  async exchange(form: RequestParams): Promise<TokenResponse> {
    const grantType = last(form, 'grant_type');
    if (grantType !== 'authorization_code' && grantType !== 'openid') {
      throw new OAuthError('unsupported_grant_type');
    }
    const codeValue = last(form, 'code');
    if (codeValue === null) throw invalidRequest('Missing code parameter.');
    for (const name of ['client_id', 'grant_type', 'redirect_uri']) {
      if (values(form, name).length > 1) throw invalidRequest(`Duplicate ${name} parameter.`);
    }
    const client = await this.authenticateClient(form);
    // oauthlib lets `openid` through to here; JupyterHub allows only authorization_code
    if (grantType !== 'authorization_code') throw new OAuthError('unauthorized_client');
    const code = await this.codes.findValid(codeValue);
    if (!code || code.clientId !== client.identifier) throw invalidGrant();
    this.checkVerifier(code, last(form, 'code_verifier'));
    const redirectUri = last(form, 'redirect_uri') ?? client.redirectUri;
    if (!redirectUri) throw invalidRequest('Missing redirect URI.');
    if (redirectUri !== client.redirectUri) throw invalidRequest('Mismatching redirect URI.');
    return this.issue(code);
  }

  private async authenticateClient(form: RequestParams): Promise<OAuthClientEntity> {
    const clientId = last(form, 'client_id');
    const secret = last(form, 'client_secret');
    const client = clientId ? await this.clients.find(clientId) : null;
    if (!client || !secret || !client.secret) throw invalidClient();
    if (!matchesTokenHash(secret, client.secret)) {
      this.logger.warn(`Client secret mismatch for ${client.identifier}`);
      throw invalidClient();
    }
    return client;
  }

  /** PKCE: a code issued with a challenge needs the verifier; without one only if required. */
  private checkVerifier(code: OAuthCodeEntity, verifier: string | null): void {
    if (code.codeChallenge === null) {
      if (!this.config.JupyterHub.oauth_require_pkce) return;
      if (verifier === null) throw invalidRequest('Code verifier required.');
      throw invalidGrant('Challenge not found');
    }
    if (verifier === null) throw invalidRequest('Code verifier required.');
    const method = code.codeChallengeMethod;
    if (method === null) throw invalidGrant('Challenge method not found');
    if (!isCodeChallengeMethod(method)) {
      throw new OAuthError('server_error', `code_challenge_method ${method} is not supported.`);
    }
    if (!verifiesChallenge(verifier, code.codeChallenge, method)) throw invalidGrant();
  }

  /** The code becomes an API token of its user, bound to the client and the browser session. */
  private async issue(code: OAuthCodeEntity): Promise<TokenResponse> {
    const token = newOAuthToken();
    const expiresIn = this.expiresIn;
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      if (!(await this.codes.consume(code.id, manager))) throw invalidGrant();
      const repository = manager.getRepository(ApiTokenEntity);
      await repository.save(
        repository.create({
          hashed: hashToken(token, GENERATED_TOKEN_ROUNDS),
          prefix: tokenPrefix(token),
          userId: code.userId,
          serviceId: null,
          clientId: code.clientId,
          sessionId: code.sessionId,
          scopes: code.scopes,
          // JupyterHub gives OAuth tokens no note
          note: '',
          created: now,
          expiresAt: new Date(now.getTime() + expiresIn * 1000),
          lastActivity: null,
        }),
      );
    });
    return {
      access_token: token,
      expires_in: expiresIn,
      token_type: 'Bearer',
      scope: code.scopes.join(' '),
    };
  }
}
