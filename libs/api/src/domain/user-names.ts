/**
 * JupyterHub's default username rule (Authenticator.validate_username): not empty, no `/`,
 * no surrounding whitespace. Names are used in URLs and routes, so keep them sane in length.
 */
export const MAX_USERNAME_LENGTH = 255;

export function isValidUsername(name: unknown): name is string {
  return (
    typeof name === 'string' &&
    name.length > 0 &&
    name.length <= MAX_USERNAME_LENGTH &&
    !name.includes('/') &&
    name === name.trim()
  );
}
