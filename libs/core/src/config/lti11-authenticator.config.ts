import {
  BooleanKey,
  ChoiceKey,
  IntegerKey,
  TextKey,
  TextListKey,
  TextMapKey,
} from './config-key.decorators';
import { ConfigSection } from './config-key.registry';

@ConfigSection('The LTI 1.1 authenticator (ltiauthenticator): LMS launches signed with OAuth 1.0a.')
export class LTI11AuthenticatorConfig {
  @TextMapKey('Consumer key to shared secret, one entry per LMS that may launch the hub.')
  consumers: Record<string, string> = {};

  @TextKey(
    'Launch parameter that names the user; user_id when it is missing or empty ' +
      '(lis_person_contact_email_primary, lis_person_sourcedid, custom_canvas_user_login_id, ...).',
  )
  username_key = 'custom_canvas_user_id';

  @BooleanKey('When the username_key value is an email address, keep the part before the @.')
  username_email_local_part = true;

  @ChoiceKey('Scheme of the launch URL the LMS signed: auto reads X-Forwarded-Proto.', [
    'auto',
    'https',
    'http',
  ])
  uri_scheme = 'auto';

  @TextKey('Title of the tool in the configuration XML (lti11/config).')
  config_title = 'JupyterHub';

  @TextKey('Description of the tool in the configuration XML.')
  config_description = 'JupyterHub LTI 1.1 external tool';

  @TextKey('URL of the tool icon in the configuration XML (16x16 png, gif or jpg).')
  config_icon = '';

  @TextListKey(
    "Origins of the LMSes that show the hub in an iframe (CSP frame-ancestors); empty: the hub's pages may not be framed.",
  )
  frame_ancestors: string[] = [];

  @IntegerKey('Seconds a launch timestamp may differ from the hub clock (oauthlib: 600).', {
    min: 1,
  })
  launch_timestamp_window = 600;

  @IntegerKey('Launch nonces remembered to refuse replays (the oldest are dropped first).', {
    min: 1,
  })
  nonce_cache_size = 100000;
}
