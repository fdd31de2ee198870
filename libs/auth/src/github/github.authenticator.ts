import { GitHubOAuthenticatorConfig } from '@orrery/core';
import type { AuthResult, AuthenticatorDeps, AuthenticatorDescriptor } from '../authenticator';
import { valueAtPath } from '../oauth-client/claim-path';
import { authStateOf, grantedScopes } from '../oauth-client/oauth-auth-state';
import { CallbackContext, OAuthClient, TokenResponse } from '../oauth-client/oauth-client';
import { checkOAuthenticatorKeys } from '../oauth-client/oauth-config-check';
import { OAuthenticator } from '../oauth-client/oauth-authenticator';
import { OAuthRefusal } from '../oauth-client/oauth-refusal';
import { ProviderHttp } from '../oauth-client/provider-http';
import { githubApiUrl, githubBaseUrl, membershipPath, nextPageUrl } from './github-api';

/**
 * oauthenticator's GitHubOAuthenticator: sign in with GitHub (or GitHub Enterprise Server);
 * the name is the GitHub login, the identity the numeric account id (a login can be renamed
 * and reused), and allowed_organizations admits members of organisations and teams.
 */
export class GitHubAuthenticator extends OAuthenticator<GitHubOAuthenticatorConfig> {
  readonly name = 'github';
  protected readonly client: OAuthClient;
  private readonly api: string;

  constructor(
    config: GitHubOAuthenticatorConfig,
    manageGroups: boolean,
    hubPrefix: string,
    enableAuthState = false,
  ) {
    super(config, manageGroups, enableAuthState, 'GitHubOAuthenticator');
    this.api = githubApiUrl(config);
    const base = githubBaseUrl(config.github_url);
    const endpoints = {
      authorizeUrl: config.authorize_url || `${base}/login/oauth/authorize`,
      tokenUrl: config.token_url || `${base}/login/oauth/access_token`,
    };
    this.client = new OAuthClient(
      { keys: config, hubPrefix, endpoints: async () => endpoints, oidc: false },
      new ProviderHttp(config.login_service, config.http_request_timeout),
    );
  }

  static create({ config }: AuthenticatorDeps): GitHubAuthenticator {
    const section = config.GitHubOAuthenticator;
    const manageGroups = config.Authenticator.manage_groups;
    checkOAuthenticatorKeys('GitHubOAuthenticator', section, manageGroups);
    const hubPrefix = `${config.JupyterHub.base_url}hub/`;
    const enableAuthState = config.Authenticator.enable_auth_state;
    return new GitHubAuthenticator(section, manageGroups, hubPrefix, enableAuthState);
  }

  /** At a login and a refresh alike: the user, organisations and teams. */
  protected async identify({ token }: CallbackContext): Promise<AuthResult> {
    const headers = this.headers(token);
    const user = await this.client.userdata(this.config.userdata_url || `${this.api}/user`, token);
    const login = valueAtPath(user, this.config.username_claim);
    if (typeof login !== 'string' || !login || typeof user.id !== 'number') {
      throw new OAuthRefusal(
        502,
        'GitHub did not say who you are. Please sign in again.',
        `GitHub user without ${this.config.username_claim} or id: ${JSON.stringify(user)}`,
      );
    }
    const authState = authStateOf(token, 'github_user', user);
    await this.addPrivateEmail(user, token, headers);
    if (this.config.populate_teams_in_auth_state) {
      authState.teams = await this.teams(headers);
    }
    const result: AuthResult = { name: login, identity: `github:${user.id}`, authState };
    if (await this.inAllowedOrganization(login, headers)) result.allowed = true;
    return { ...result, ...this.groupRules(authState, result.allowed === true) };
  }

  private headers(token: TokenResponse): Record<string, string> {
    return { Authorization: OAuthClient.authorization(token) };
  }

  /** As oauthenticator: a private email is read from /user/emails when the scope allows it. */
  private async addPrivateEmail(
    user: Record<string, unknown>,
    token: TokenResponse,
    headers: Record<string, string>,
  ): Promise<void> {
    const scopes = grantedScopes(token);
    if (user.email || !(scopes.includes('user') || scopes.includes('user:email'))) return;
    const { body } = await this.client.http.getJson(
      'fetching the GitHub user emails',
      `${this.api}/user/emails`,
      headers,
    );
    const primary = (body as { email?: string; primary?: boolean }[]).find(
      (entry) => entry.primary,
    );
    if (primary?.email) user.email = primary.email;
  }

  private async teams(headers: Record<string, string>): Promise<unknown[]> {
    if (!this.config.scope.includes('read:org')) {
      this.logger.error(
        'populate_teams_in_auth_state needs read:org in GitHubOAuthenticator.scope',
      );
      return [];
    }
    const teams: unknown[] = [];
    let url: string | null = `${this.api}/user/teams?per_page=100`;
    while (url) {
      const page = await this.client.http.getJson('fetching the GitHub teams', url, headers);
      teams.push(...(Array.isArray(page.body) ? page.body : []));
      url = nextPageUrl(page.headers.get('link'));
    }
    return teams;
  }

  /** Whether GitHub answers 204 (member) for one of allowed_organizations, in order. */
  private async inAllowedOrganization(
    login: string,
    headers: Record<string, string>,
  ): Promise<boolean> {
    for (const entry of this.config.allowed_organizations) {
      const url = `${this.api}${membershipPath(entry, login)}`;
      const response = await this.client.http.request('checking GitHub membership', url, {
        headers,
      });
      if (response.status === 204) return true;
      this.logger.debug(`${login} is not a member of ${entry} (${response.status})`);
    }
    if (this.config.allowed_organizations.length > 0) {
      this.logger.warn(`${login} is not in any of allowed_organizations`);
    }
    return false;
  }

  private groupRules(
    authState: Record<string, unknown>,
    allowedByOrg: boolean,
  ): Partial<AuthResult> {
    const key = this.config.auth_state_groups_key;
    if (!this.manageGroups || !key) return {};
    const { groups, admin, allowed } = this.groupsAt(authState, key);
    return { groups, admin, allowed: allowedByOrg || allowed || undefined };
  }
}

export const GITHUB: AuthenticatorDescriptor = {
  name: 'github',
  aliases: ['oauthenticator.github.GitHubOAuthenticator', 'oauthenticator.GitHubOAuthenticator'],
  allowAllByDefault: false,
  configSection: 'GitHubOAuthenticator',
  create: (deps) => GitHubAuthenticator.create(deps),
};
