import { checkModel, ModelTypes } from '../http/json-model-check';

/** The keys a request may send in a user model, and the JSON type each must have. */
const USER_MODEL_TYPES: ModelTypes = {
  name: 'str',
  admin: 'bool',
  groups: 'list',
  roles: 'list',
  auth_state: 'dict',
};

export type UserModelBody = Partial<{
  name: string;
  admin: boolean;
  groups: unknown[];
  roles: unknown[];
  auth_state: Record<string, unknown>;
}>;

export const ONLY_ADMINS_GRANT_ADMIN = 'Only admins can grant admin permissions';

/**
 * JupyterHub's `_check_user_model`: a dict whose keys are all known and typed right, with
 * its messages (Python reprs included) so clients see the same text.
 */
export function checkUserModel(body: unknown): UserModelBody {
  checkModel(body, USER_MODEL_TYPES, 'user');
  return body as UserModelBody;
}

/** JupyterHub's default `Authenticator.normalize_username` (NFKC, lower case; no username_map yet). */
export { normalizeUsername } from '@orrery/core';

/** `Invalid username: x` / `Invalid usernames: x, y`, as JupyterHub words it. */
export function invalidUsernamesMessage(names: readonly string[]): string {
  return names.length === 1
    ? `Invalid username: ${names[0]}`
    : `Invalid usernames: ${names.join(', ')}`;
}
