import { BooleanKey, TextKey } from './config-key.decorators';
import { ConfigSection } from './config-key.registry';

@ConfigSection('The dummy authenticator, for development: any name logs in.')
export class DummyAuthenticatorConfig {
  @TextKey('Password every user must give; null accepts any password.', { optional: true })
  password: string | null = null;

  @BooleanKey('Allow the dummy authenticator on a bind_url that is not a loopback address.')
  allow_public = false;
}
