import { Inject, Injectable, Logger } from '@nestjs/common';
import { HubConfig, HubError, OAuthClientEntity, rawQuery } from '@orrery/core';
import { CustomScopes, OAuthClientRef, ScopeSet } from '@orrery/rbac';
import { DataSource } from 'typeorm';
import {
  AuthorizeParams,
  checkClientRedirect,
  checkResponseTypeAndPkce,
  readAuthorizeParams,
  RequestParams,
} from './authorize-params';
import {
  checkClientScopes,
  clientDefaultScopes,
  grantableScopes,
  requiredScopes,
  roleNamesToScopes,
  ScopeContext,
  scopesExist,
  splitScopeParam,
  withoutIdentify,
} from './authorize-scopes';
import { OAuthClientsService } from './oauth-clients.service';
import { OAuthCodesService } from './oauth-codes.service';
import { OAuthError } from './oauth-error';
import { OAuthScopesRepository } from './oauth-scopes.repository';
import { CodeChallengeMethod } from './pkce';
import { addParamsToUri } from './redirect-uri';
import { describeScopes, ScopeDescription } from './scope-descriptions';

/** The logged-in person authorising a client (from the hub login cookie). */
export interface AuthorizingUser {
  id: number;
  name: string;
  /** the user's expanded scopes, for the access check */
  scopes: ScopeSet;
  /** the browser's `jupyterhub-session-id` */
  sessionId: string | null;
}

/** Either go back to the client now, or ask the person first. */
export type AuthorizeOutcome =
  | { kind: 'redirect'; location: string }
  | {
      kind: 'confirm';
      client: { identifier: string; description: string };
      /** the raw scopes to post back, one hidden `scopes` field each */
      scopes: string[];
      descriptions: ScopeDescription[];
    };

interface CheckedRequest {
  params: AuthorizeParams;
  client: OAuthClientEntity;
  redirectUri: string;
  method: CodeChallengeMethod | null;
  ctx: ScopeContext;
}

/**
 * `GET` and `POST /hub/api/oauth2/authorize` (brief 6.2, 6.3). Fatal errors are thrown as
 * OAuthError with `fatal` (the caller shows an error page); other OAuth errors come back
 * as a redirect to the client; a user without access gets HubError 403.
 */
@Injectable()
export class OAuthAuthorizeService {
  private readonly logger = new Logger('oauth');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(OAuthClientsService) private readonly clients: OAuthClientsService,
    @Inject(OAuthCodesService) private readonly codes: OAuthCodesService,
    @Inject(OAuthScopesRepository) private readonly records: OAuthScopesRepository,
  ) {}

  private get customScopes(): CustomScopes {
    return this.config.JupyterHub.custom_scopes as CustomScopes;
  }

  /** The GET: grant at once when no confirmation is needed, else describe what to confirm. */
  async authorize(query: RequestParams, user: AuthorizingUser): Promise<AuthorizeOutcome> {
    const request = await this.checkClient(query, user);
    return this.redirectingErrors(request, async () => {
      this.checkPkce(request);
      const requested =
        request.params.scope === null
          ? clientDefaultScopes(request.client.allowedScopes, request.ctx.client)
          : splitScopeParam(request.params.scope);
      const scopes = await this.clientScopes(requested, request);
      await this.checkAccess(request, user);
      const granted = grantableScopes(scopes, await this.userScopes(user), request.ctx);
      if (!(await this.needsConfirm(user, request.client, granted))) {
        this.logger.debug(
          `Skipping oauth confirmation for ${user.name} at ${request.client.identifier}`,
        );
        return { kind: 'redirect', location: await this.grant(request, user, granted) };
      }
      const required = requiredScopes(request.ctx.client);
      const descriptions = describeScopes(granted, required, user.name, this.customScopes);
      return {
        kind: 'confirm',
        client: {
          identifier: request.client.identifier,
          description: request.client.description ?? request.client.identifier,
        },
        scopes: descriptions[0]?.scope === 'inherit' ? ['inherit'] : granted,
        descriptions,
      };
    });
  }

  /**
   * The POST of the confirmation form with the scopes the person agreed to (none means only
   * the required ones). Always a redirect. Access and the user's own scopes are checked
   * again, since a form can be forged.
   */
  async confirm(
    query: RequestParams,
    confirmedScopes: readonly string[],
    user: AuthorizingUser,
  ): Promise<AuthorizeOutcome> {
    const request = await this.checkClient(query, user);
    return this.redirectingErrors(request, async () => {
      this.checkPkce(request);
      const scopes = await this.clientScopes(
        confirmedScopes.length ? confirmedScopes : ['identify'],
        request,
      );
      await this.checkAccess(request, user);
      const granted = grantableScopes(scopes, await this.userScopes(user), request.ctx);
      return { kind: 'redirect', location: await this.grant(request, user, granted) };
    });
  }

  /** Parameters, client and redirect URI: what must be right before anything is redirected. */
  private async checkClient(query: RequestParams, user: AuthorizingUser): Promise<CheckedRequest> {
    const params = readAuthorizeParams(query);
    const client = await this.clients.find(params.clientId);
    const redirectUri = checkClientRedirect(params, client);
    const found = client as OAuthClientEntity;
    return {
      params,
      client: found,
      redirectUri,
      method: null,
      ctx: {
        user: { kind: 'user', name: user.name },
        client: await this.records.clientRef(found.identifier),
        custom: this.customScopes,
      },
    };
  }

  private checkPkce(request: CheckedRequest): void {
    request.method = checkResponseTypeAndPkce(
      request.params,
      this.config.JupyterHub.oauth_require_pkce,
    );
  }

  /** Runs a step whose OAuth errors go back to the client in the redirect. */
  private async redirectingErrors(
    request: Pick<CheckedRequest, 'redirectUri' | 'params'>,
    step: () => Promise<AuthorizeOutcome>,
  ): Promise<AuthorizeOutcome> {
    try {
      return await step();
    } catch (error) {
      if (!(error instanceof OAuthError) || error.fatal) throw error;
      this.logger.error(`OAuth error: ${error.message}`);
      const params: [string, string][] = [['error', error.error]];
      if (error.description) params.push(['error_description', error.description]);
      if (request.params.state) params.push(['state', request.params.state]);
      return { kind: 'redirect', location: addParamsToUri(request.redirectUri, params) };
    }
  }

  /** Step 2: role names converted, `identify` dropped, then within the client's allowed scopes. */
  private async clientScopes(names: readonly string[], request: CheckedRequest): Promise<string[]> {
    let requested = withoutIdentify(names);
    if (!scopesExist(requested, this.customScopes)) {
      requested = roleNamesToScopes(requested, await this.records.rolesNamed(requested));
    }
    const ctx = request.ctx;
    ctx.membersOf = await this.records.membersOf([...requested, ...request.client.allowedScopes]);
    return checkClientScopes(requested, request.client.allowedScopes, ctx);
  }

  /** Step 3: the user must be allowed to reach the client's server or service. */
  private async checkAccess(request: CheckedRequest, user: AuthorizingUser): Promise<void> {
    const { spawner, service } = request.ctx.client as OAuthClientRef;
    let allowed: boolean;
    if (spawner) {
      const groups = await this.records.groupsOf(spawner.user);
      allowed = user.scopes.has('access:servers', { kind: 'server', ...spawner, groups });
    } else if (service !== undefined) {
      allowed = user.scopes.has('access:services', { kind: 'service', name: service });
    } else {
      // a stale or forged request for a server or service that no longer exists
      this.logger.error(`OAuth client ${request.client.identifier} has no service or spawner`);
      throw new HubError(500, 'OAuth configuration error');
    }
    if (!allowed) {
      const description = request.client.description ?? request.client.identifier;
      throw new HubError(403, `You do not have permission to access ${description}`);
    }
  }

  private async userScopes(user: AuthorizingUser): Promise<string[]> {
    return this.records.userRoleScopes(user.id);
  }

  /**
   * Step 5: no confirmation for the user's own servers, for services with `oauth_no_confirm`,
   * or when the user's tokens for this client already cover the scopes.
   */
  private async needsConfirm(
    user: AuthorizingUser,
    client: OAuthClientEntity,
    granted: readonly string[],
  ): Promise<boolean> {
    const own = await rawQuery<{ id: number }>(
      this.dataSource,
      `SELECT id FROM spawners WHERE user_id = ? AND oauth_client_id = ?
       UNION ALL
       SELECT id FROM services WHERE oauth_client_id = ? AND oauth_no_confirm = ?`,
      [user.id, client.identifier, client.identifier, true],
    );
    if (own.length) return false;
    const tokens = await rawQuery<{ scopes: string }>(
      this.dataSource,
      'SELECT scopes FROM api_tokens WHERE user_id = ? AND client_id = ?',
      [user.id, client.identifier],
    );
    const authorized = new Set(tokens.flatMap((row) => JSON.parse(row.scopes) as string[]));
    return !(authorized.size && granted.every((scope) => authorized.has(scope)));
  }

  /** A code for the granted scopes, and the client's URI carrying it (and the state). */
  private async grant(
    request: CheckedRequest,
    user: AuthorizingUser,
    scopes: readonly string[],
  ): Promise<string> {
    const code = await this.codes.create({
      clientId: request.client.identifier,
      userId: user.id,
      sessionId: user.sessionId,
      scopes,
      redirectUri: request.client.redirectUri,
      codeChallenge: request.params.codeChallenge,
      codeChallengeMethod: request.method,
    });
    const params: [string, string][] = [['code', code]];
    if (request.params.state) params.push(['state', request.params.state]);
    return addParamsToUri(request.redirectUri, params);
  }
}
