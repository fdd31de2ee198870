import { BooleanKey, IntegerKey, TextKey, TextListKey, TextMapKey } from './config-key.decorators';
import { ConfigSection } from './config-key.registry';

@ConfigSection('Who may log in and who is admin; applies to every authenticator.')
export class AuthenticatorConfig {
  @TextListKey('Users who are admins.')
  admin_users: string[] = [];

  @TextListKey('Users who may log in (besides admins and allow_all).')
  allowed_users: string[] = [];

  @TextListKey('Users who may never log in.')
  blocked_users: string[] = [];

  @BooleanKey('Let every user the authenticator accepts log in.')
  allow_all = false;

  @BooleanKey('Silence the start-up warning that no allow rule lets anyone but admins log in.')
  any_allow_config = false;

  @BooleanKey('Let users already in the database log in.')
  allow_existing_users = false;

  @BooleanKey('Go straight to the authenticator login instead of showing the login page.')
  auto_login = false;

  @BooleanKey('Let the authenticator set the groups of a user at each login.')
  manage_groups = false;

  @BooleanKey('Keep the authenticator state of users (encrypted) in the database.')
  enable_auth_state = false;

  @IntegerKey('Seconds after which the authentication of a user is refreshed; 0: never.')
  auth_refresh_age = 300;

  @BooleanKey('Refresh the authentication of a user before each spawn.')
  refresh_pre_spawn = false;

  @TextMapKey('Names to replace after lowercasing (identity provider name -> hub user name).')
  username_map: Record<string, string> = {};

  @TextKey('Regular expression every user name must match in full; empty: any valid name.', {
    check: (value) => {
      try {
        new RegExp(value);
        return null;
      } catch (error) {
        return `not a regular expression: ${(error as Error).message}`;
      }
    },
  })
  username_pattern = '';

  @BooleanKey('Delete users from the database whom the authenticator no longer allows.')
  delete_invalid_users = false;

  @BooleanKey(
    "Orrery's: slow down repeated failed logins (form, OAuth, LTI) per client address and per user name.",
  )
  login_throttle = true;

  @IntegerKey("Orrery's: failed logins (per address or name) answered without delay.", { min: 1 })
  login_throttle_free_failures = 5;

  @IntegerKey(
    "Orrery's: seconds of the first delay after the free failures; each later failure doubles it, up to 15 minutes.",
    { min: 1 },
  )
  login_throttle_delay = 1;
}
