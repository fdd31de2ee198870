import { Transform } from 'class-transformer';
import { ChoiceKey, IntegerKey, TextKey, TextListKey } from './config-key.decorators';
import { ConfigSection } from './config-key.registry';

/** JWS algorithms a platform may sign id_tokens with (asymmetric only: the key set is public). */
export const LTI13_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;

/** ltiauthenticator takes one client id as a string or several as a list. */
const oneOrMany = Transform(({ value }) => (typeof value === 'string' ? [value] : value));

@ConfigSection(
  "The LTI 1.3 authenticator (ltiauthenticator's LTI13Authenticator): the hub is a tool of one LMS platform.",
)
export class LTI13AuthenticatorConfig {
  @TextKey("The platform's issuer identifier (iss of its id_tokens), as the platform gives it.")
  issuer = '';

  @oneOrMany
  @TextListKey('Client ids of the tool in the platform (a string or a list); the id_token aud.')
  client_id: string[] = [];

  @TextKey("The platform's OIDC authorization endpoint the login initiation redirects to.")
  authorize_url = '';

  @TextKey("The platform's JSON Web Key Set URL; its keys verify the id_token signatures.")
  jwks_endpoint = '';

  @TextListKey('Algorithms the id_token may be signed with.', {
    checkItem: (item) =>
      (LTI13_ALGORITHMS as readonly string[]).includes(item)
        ? null
        : `unsupported algorithm ${JSON.stringify(item)}; expected: ${LTI13_ALGORITHMS.join(', ')}`,
  })
  jwks_algorithms: string[] = ['RS256'];

  @TextKey(
    'Claim of the id_token holding the username (email, sub, given_name, ...); custom_<name> reads <name> ' +
      'of the LTI custom claim; falls back to sub when the claim is missing.',
  )
  username_key = 'email';

  @ChoiceKey(
    'Scheme of the URLs the tool announces (redirect_uri, config): auto follows the request.',
    ['auto', 'https', 'http'],
  )
  uri_scheme: 'auto' | 'https' | 'http' = 'auto';

  @TextKey('Name of the tool in the config JSON.')
  tool_name = 'JupyterHub';

  @TextKey('Description of the tool in the config JSON.')
  tool_description = 'Launch interactive Jupyter Notebooks with JupyterHub';

  @TextListKey(
    'Orrery: deployment ids (the deployment_id claim) allowed to launch; empty allows any.',
  )
  deployment_ids: string[] = [];

  @TextKey(
    "Orrery: PEM file of the tool's RSA private key, whose public key /hub/lti13/jwks serves " +
      '(LTI13_PRIVATE_KEY of older ltiauthenticator); null serves an empty key set.',
    { optional: true },
  )
  tool_private_key: string | null = null;

  @TextListKey(
    "Orrery: origins of the LMSes that show the hub in an iframe (CSP frame-ancestors); empty: the hub's pages may not be framed.",
  )
  frame_ancestors: string[] = [];
}

@ConfigSection("Checks of LTI 1.3 id_tokens (ltiauthenticator's LTI13LaunchValidator).")
export class LTI13LaunchValidatorConfig {
  @IntegerKey('Seconds of clock skew allowed when checking exp and iat.')
  time_leeway = 0;

  @IntegerKey('Oldest id_token accepted, in seconds since its iat.', { min: 1 })
  max_age = 600;
}
