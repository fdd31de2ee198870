import { HubConfig, HubError } from '@orrery/core';
import { checkModel, checkStrings, ModelTypes } from '../http/json-model-check';
import { isJsonObject, pythonRepr, pythonTruthy } from '../http/python-values';

/** The keys JupyterHub accepts in a group body (`name` and `roles` are accepted and ignored). */
const GROUP_MODEL_TYPES: ModelTypes = { name: 'str', users: 'list', roles: 'list' };

/** Group names are stored in a 255-character column (JupyterHub: `Unicode(255)`). */
export const MAX_GROUP_NAME_LENGTH = 255;

/**
 * JupyterHub accepts any name its router can carry; the only invalid ones are those the
 * database cannot hold: empty or longer than the column.
 */
export function checkGroupName(name: string): void {
  if (name.length === 0 || name.length > MAX_GROUP_NAME_LENGTH) {
    throw new HubError(400, `Invalid group name: ${pythonRepr(name)}`);
  }
}

function usersOf(model: Record<string, unknown>): string[] {
  const users = (model.users as unknown[] | undefined) ?? [];
  checkStrings(users, 'usernames');
  return users;
}

/** `POST /groups`: `{"groups": [names], "users"?: [names]}`. */
export function parseCreateGroups(body: unknown): { names: string[]; users: string[] } {
  if (!isJsonObject(body) || !pythonTruthy(body.groups)) {
    throw new HubError(400, 'Must specify at least one group to create');
  }
  const { groups, ...rest } = body;
  checkModel(rest, GROUP_MODEL_TYPES, 'group');
  checkModel({ groups }, { groups: 'list' }, 'group');
  const names = groups as unknown[];
  checkStrings(names, 'group names');
  names.forEach(checkGroupName);
  return { names, users: usersOf(rest) };
}

/** `POST /groups/:name`: no body, or `{"users"?: [names]}`. */
export function parseCreateGroup(body: unknown): { users: string[] } {
  if (body === undefined || body === null) return { users: [] };
  checkModel(body, GROUP_MODEL_TYPES, 'group');
  return { users: usersOf(body) };
}

/** `POST|DELETE /groups/:name/users`: `{"users": [names]}`. */
export function parseGroupUsers(body: unknown, action: 'add' | 'delete'): string[] {
  checkModel(body, GROUP_MODEL_TYPES, 'group');
  if (!Object.hasOwn(body, 'users')) throw new HubError(400, `Must specify users to ${action}`);
  return usersOf(body);
}

/** `PUT /groups/:name/properties`: any JSON object, which replaces the properties. */
export function parseProperties(body: unknown): Record<string, unknown> {
  if (!isJsonObject(body)) throw new HubError(400, 'Must specify properties');
  return body;
}

/**
 * With `Authenticator.manage_groups` the identity provider owns group membership: the API
 * may not create or delete groups or change members (JupyterHub answers the same 400).
 */
export function refuseWhenGroupsManaged(config: HubConfig): void {
  if (config.Authenticator.manage_groups) {
    throw new HubError(400, 'Group management via API is disabled');
  }
}
