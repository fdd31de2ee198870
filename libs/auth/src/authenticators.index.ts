import { AuthenticatorDescriptor } from './authenticator';
import { DUMMY } from './dummy/dummy.authenticator';
import { FIRST_USE } from './first-use/first-use.authenticator';
import { GENERIC_OAUTH } from './generic-oauth/generic-oauth.authenticator';
import { GITHUB } from './github/github.authenticator';
import { LTI11 } from './lti11/lti11.authenticator';
import { LTI13 } from './lti13/lti13.authenticator';
import { TMP } from './tmp/tmp.authenticator';

/** Every authenticator; JupyterHub.authenticator_class picks one by name or alias. */
export const AUTHENTICATORS: readonly AuthenticatorDescriptor[] = [
  FIRST_USE,
  DUMMY,
  TMP,
  LTI11,
  LTI13,
  GITHUB,
  GENERIC_OAUTH,
];
