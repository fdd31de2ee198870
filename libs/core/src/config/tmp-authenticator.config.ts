import { BooleanKey, TextKey } from './config-key.decorators';
import { ConfigSection } from './config-key.registry';

@ConfigSection('The tmp authenticator: every visitor gets a new anonymous user and server.')
export class TmpAuthenticatorConfig {
  @BooleanKey(
    'A visit to /hub/tmplogin always makes a new user, even for a browser that already has one.',
  )
  force_new_server = true;

  @TextKey('Password every visitor must give before getting a user (a workshop hub); null: none.', {
    optional: true,
  })
  shared_password: string | null = null;

  @TextKey('Name of the login service on the login page.')
  login_service = 'Automatic Temporary Credentials';
}
