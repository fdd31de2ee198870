import { unsafeUsernameReason } from '@orrery/core';

/**
 * JupyterHub's default username rule (Authenticator.validate_username): not empty, no `/`,
 * no surrounding whitespace. Names are used in URLs and routes, so keep them sane in length.
 * Orrery also refuses what `unsafeUsernameReason` names (`..`, `\`, control, bidirectional and
 * zero-width characters) and names that NFKC would change (the Kelvin sign of `\u212Aate`), so no
 * look-alike of another name can be created: logins normalise before they get here.
 */
export const MAX_USERNAME_LENGTH = 255;

export function isValidUsername(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    name.length <= MAX_USERNAME_LENGTH &&
    name === name.trim() &&
    name === name.normalize('NFKC') &&
    unsafeUsernameReason(name) === null
  );
}
