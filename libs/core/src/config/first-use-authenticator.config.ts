import { BooleanKey, IntegerKey, TextKey } from './config-key.decorators';
import { ConfigSection } from './config-key.registry';

@ConfigSection('The first-use authenticator: the first login with a new name sets its password.')
export class FirstUseAuthenticatorConfig {
  @BooleanKey('Create users who log in for the first time; false: only existing users.')
  create_users = true;

  @IntegerKey('Shortest password a user may set.')
  min_password_length = 7;

  @TextKey('Shared key a new user must give to register; null lets anyone register.', {
    optional: true,
  })
  registration_key: string | null = null;
}
