import { BooleanKey, TextKey, TextListKey } from './config-key.decorators';
import { ConfigSection } from './config-key.registry';
import { declareOAuthenticatorKeys, OAuthenticatorKeys } from './oauthenticator-keys';

@ConfigSection(
  "The github authenticator (JupyterHub.authenticator_class: github): sign in with GitHub or GitHub Enterprise. Keys are oauthenticator's GitHubOAuthenticator.",
)
export class GitHubOAuthenticatorConfig extends OAuthenticatorKeys {
  github_url = 'https://github.com';
  github_api = '';
  allowed_organizations: string[] = [];
  populate_teams_in_auth_state = false;
  override login_service = 'GitHub';
  override username_claim = 'login';
}

declareOAuthenticatorKeys(GitHubOAuthenticatorConfig, {
  github_url: TextKey('GitHub, or a GitHub Enterprise Server, e.g. https://github.example.org.'),
  github_api: TextKey(
    'The REST API; empty: https://api.github.com for github.com, else {github_url}/api/v3.',
  ),
  allowed_organizations: TextListKey(
    'Members of these organizations (org) or teams (org:team) may log in.',
  ),
  populate_teams_in_auth_state: BooleanKey(
    "Keep the user's teams in the auth state under teams (needs read:org in scope).",
  ),
});
