import { HubError } from '@orrery/core';
import { pythonRepr, pythonTypeRepr } from './python-values';

/** The keys a request may send in a user model, and the JSON type each must have. */
const USER_MODEL_TYPES = {
  name: 'string',
  admin: 'boolean',
  groups: 'list',
  roles: 'list',
  auth_state: 'dict',
} as const;

type UserModelKey = keyof typeof USER_MODEL_TYPES;
export type UserModelBody = Partial<{
  name: string;
  admin: boolean;
  groups: unknown[];
  roles: unknown[];
  auth_state: Record<string, unknown>;
}>;

export const ONLY_ADMINS_GRANT_ADMIN = 'Only admins can grant admin permissions';

const PYTHON_CLASS = { string: 'str', boolean: 'bool', list: 'list', dict: 'dict' } as const;

function hasType(value: unknown, type: (typeof USER_MODEL_TYPES)[UserModelKey]): boolean {
  switch (type) {
    case 'list':
      return Array.isArray(value);
    case 'dict':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return typeof value === type;
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * JupyterHub's `_check_user_model`: a dict whose keys are all known and typed right, with
 * its messages (Python reprs included) so clients see the same text.
 */
export function checkUserModel(body: unknown): UserModelBody {
  if (!isJsonObject(body)) throw new HubError(400, `Invalid JSON data: ${pythonRepr(body)}`);
  if (!Object.keys(body).every((key) => Object.hasOwn(USER_MODEL_TYPES, key))) {
    throw new HubError(400, `Invalid JSON keys: ${pythonRepr(body)}`);
  }
  for (const [key, value] of Object.entries(body)) {
    const type = USER_MODEL_TYPES[key as UserModelKey];
    if (!hasType(value, type)) {
      throw new HubError(
        400,
        `user.${key} must be <class '${PYTHON_CLASS[type]}'>, not: ${pythonTypeRepr(value)}`,
      );
    }
  }
  return body as UserModelBody;
}

/** JupyterHub's default `Authenticator.normalize_username`: lower case (no username_map yet). */
export function normalizeUsername(name: string): string {
  return name.toLowerCase();
}

/** `Invalid username: x` / `Invalid usernames: x, y`, as JupyterHub words it. */
export function invalidUsernamesMessage(names: readonly string[]): string {
  return names.length === 1
    ? `Invalid username: ${names[0]}`
    : `Invalid usernames: ${names.join(', ')}`;
}
