import { Logger } from '@nestjs/common';
import type { OAuthenticatorKeys } from '@orrery/core';
import type { AuthResult, Authenticator, LoginRoute } from '../authenticator';
import { groupsAtPath } from './claim-path';
import { groupVerdict } from './group-rules';
import type { CallbackContext, OAuthClient } from './oauth-client';

/**
 * What every OAuthenticator shares (oauthenticator's OAuthenticator base class): the login
 * button, the client's routes, the refresh with the stored token and the group rules. A
 * subclass builds its client and says who a token's user is.
 */
export abstract class OAuthenticator<Config extends OAuthenticatorKeys> implements Authenticator {
  abstract readonly name: string;
  readonly loginFields = [];
  readonly loginUrl = 'oauth_login';
  readonly loginService: string;
  protected readonly logger: Logger;
  protected abstract readonly client: OAuthClient;

  constructor(
    protected readonly config: Config,
    protected readonly manageGroups: boolean,
    private readonly enableAuthState: boolean,
    loggerName: string,
  ) {
    this.loginService = config.login_service;
    this.logger = new Logger(loggerName);
  }

  routes(): LoginRoute[] {
    return this.client.routes((context) => this.identify(context));
  }

  /** The user data again with the stored token (needs enable_auth_state). */
  refreshUser(user: {
    name: string;
    authState: Record<string, unknown> | null;
  }): Promise<AuthResult | boolean> {
    if (!this.enableAuthState) return Promise.resolve(true);
    return this.client.refresh(
      user.authState,
      (token) => this.identify({ token, nonce: null }, true),
      (message) => this.logger.log(`refresh of ${user.name}: ${message}`),
    );
  }

  /** Who the token's user is; `refreshing`: a refresh, not a login. */
  protected abstract identify(context: CallbackContext, refreshing?: boolean): Promise<AuthResult>;

  /** The provider's groups at `key` of the auth state, and what allowed_groups and admin_groups say. */
  protected groupsAt(authState: Record<string, unknown>, key: string) {
    const groups = groupsAtPath(authState, key) ?? [];
    return { groups, ...groupVerdict(groups, this.config) };
  }
}
