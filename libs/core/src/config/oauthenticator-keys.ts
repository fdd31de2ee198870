import {
  BooleanKey,
  ChoiceKey,
  PositiveNumberKey,
  TextKey,
  TextListKey,
  TextMapKey,
} from './config-key.decorators';

/**
 * The keys every OAuth2 authenticator shares (oauthenticator's OAuthenticator base class).
 * Key decorators register on one class's prototype, so each section extends this class for
 * the fields and calls `declareOAuthenticatorKeys` for every key (shared ones first, as an
 * instance orders them); the defaults a provider changes are field initialisers.
 */
export class OAuthenticatorKeys {
  client_id = '';
  client_secret = '';
  oauth_callback_url = '';
  scope: string[] = [];
  login_service = 'OAuth 2.0';
  authorize_url = '';
  token_url = '';
  userdata_url = '';
  username_claim = 'username';
  enable_pkce = true;
  basic_auth = false;
  token_params: Record<string, string> = {};
  extra_authorize_params: Record<string, string> = {};
  userdata_params: Record<string, string> = {};
  userdata_token_method: 'header' | 'url' = 'header';
  allowed_groups: string[] = [];
  admin_groups: string[] = [];
  auth_state_groups_key: string | null = null;
  http_request_timeout = 20;
}

const DESCRIPTIONS: Record<keyof OAuthenticatorKeys, PropertyDecorator> = {
  client_id: TextKey('Client id of the OAuth application registered with the provider.'),
  client_secret: TextKey('Client secret of the OAuth application registered with the provider.'),
  oauth_callback_url: TextKey(
    "Redirect URL registered with the provider; empty: the browser's origin + /hub/oauth_callback.",
  ),
  scope: TextListKey('OAuth scopes to request.'),
  login_service: TextKey('Name on the login button: "Sign in with {login_service}".'),
  authorize_url: TextKey('Where the browser is sent to authorize; empty: the provider default.'),
  token_url: TextKey('Where the code is exchanged for an access token; empty: the default.'),
  userdata_url: TextKey('Where the user is read with the access token; empty: the default.'),
  username_claim: TextKey('Key of the user data holding the username (a.b for nested keys).'),
  enable_pkce: BooleanKey('Send a PKCE S256 code challenge with each authorization.'),
  basic_auth: BooleanKey('Send the client id and secret with HTTP Basic instead of the form.'),
  token_params: TextMapKey('Extra form fields of the token request.'),
  extra_authorize_params: TextMapKey('Extra query parameters of the authorize redirect.'),
  userdata_params: TextMapKey('Extra query parameters of the user data request.'),
  userdata_token_method: ChoiceKey(
    'How the user data request carries the access token: header (Authorization) or url.',
    ['header', 'url'],
  ),
  allowed_groups: TextListKey('Members of these groups may log in (needs manage_groups).'),
  admin_groups: TextListKey(
    'Members of these groups are admins, others are not (unless admin_users; needs manage_groups).',
  ),
  auth_state_groups_key: TextKey(
    'Key of the auth state holding the list of groups (a.b for nested keys).',
    { optional: true },
  ),
  http_request_timeout: PositiveNumberKey(
    'Seconds to wait for each request to the provider before the login fails (Orrery).',
  ),
};

/**
 * Registers the shared keys, then the section's own (`own`, one decorator per field the
 * section adds), in the order an instance holds them.
 */
export function declareOAuthenticatorKeys<Section extends OAuthenticatorKeys>(
  section: new () => Section,
  own: Record<Exclude<keyof Section, keyof OAuthenticatorKeys>, PropertyDecorator>,
): void {
  for (const [name, decorate] of [...Object.entries(DESCRIPTIONS), ...Object.entries(own)]) {
    (decorate as PropertyDecorator)(section.prototype, name);
  }
}
