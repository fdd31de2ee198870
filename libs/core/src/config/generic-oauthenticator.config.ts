import { BooleanKey, TextKey } from './config-key.decorators';
import { ConfigSection } from './config-key.registry';
import { declareOAuthenticatorKeys, OAuthenticatorKeys } from './oauthenticator-keys';

@ConfigSection(
  "The oauth2 authenticator (JupyterHub.authenticator_class: oauth2): any OAuth2 or OpenID Connect provider (Keycloak, GitLab, ...). Keys are oauthenticator's GenericOAuthenticator.",
)
export class GenericOAuthenticatorConfig extends OAuthenticatorKeys {
  oidc_issuer: string | null = null;
  claim_groups_key = 'groups';
  userdata_from_id_token = false;
}

declareOAuthenticatorKeys(GenericOAuthenticatorConfig, {
  oidc_issuer: TextKey(
    'OpenID Connect issuer: its .well-known/openid-configuration gives the URLs left empty, and id_tokens are checked against its keys (Orrery).',
    { optional: true },
  ),
  claim_groups_key: TextKey('Key of the user data holding the list of groups (a.b for nested).'),
  userdata_from_id_token: BooleanKey(
    'Read the user from the checked id_token instead of userdata_url (needs oidc_issuer).',
  ),
});
