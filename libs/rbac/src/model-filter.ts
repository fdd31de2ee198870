import { Resource, ScopeSet } from './scope-set';

/** Which fields each scope reveals (section 4.6), checked against the model's own resource. */
type AccessMap = Readonly<Record<string, readonly string[]>>;

const USER_ACCESS: AccessMap = {
  'read:users': [
    'kind',
    'name',
    'user_info',
    'admin',
    'roles',
    'groups',
    'server',
    'pending',
    'created',
    'last_activity',
  ],
  'read:users:name': ['kind', 'name', 'user_info', 'admin'],
  'read:users:groups': ['kind', 'name', 'groups'],
  'read:users:activity': ['kind', 'name', 'last_activity'],
  'read:servers': ['kind', 'name', 'servers'],
  'read:roles:users': ['kind', 'name', 'roles', 'admin'],
  'admin:auth_state': ['kind', 'name', 'auth_state'],
};

const GROUP_ACCESS: AccessMap = {
  'read:groups': ['kind', 'name', 'properties', 'users'],
  'read:groups:name': ['kind', 'name'],
  'read:roles:groups': ['kind', 'name', 'roles'],
};

const SERVICE_ACCESS: AccessMap = {
  'read:services': ['kind', 'name', 'admin', 'url', 'prefix', 'command', 'pid', 'info', 'display'],
  'read:services:name': ['kind', 'name', 'admin'],
  'read:roles:services': ['kind', 'name', 'roles', 'admin'],
};

function allowedKeys(access: AccessMap, scopes: ScopeSet, resource: Resource): Set<string> {
  const keys = new Set<string>();
  for (const [scope, fields] of Object.entries(access)) {
    if (scopes.has(scope, resource)) for (const field of fields) keys.add(field);
  }
  return keys;
}

function pick(model: Record<string, unknown>, keys: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (Object.hasOwn(model, key)) out[key] = model[key];
  return out;
}

type ServerModels = Record<string, Record<string, unknown>>;

/** The servers `read:servers` covers one by one; `state` only under `admin:server_state`. */
function filterServers(
  user: string,
  groups: readonly string[] | undefined,
  servers: ServerModels,
  scopes: ScopeSet,
): ServerModels {
  const visible: ServerModels = {};
  for (const [server, model] of Object.entries(servers)) {
    const resource: Resource = { kind: 'server', user, server, groups };
    if (!scopes.has('read:servers', resource)) continue;
    if (scopes.has('admin:server_state', resource) || !Object.hasOwn(model, 'state')) {
      visible[server] = model;
    } else {
      const withoutState = { ...model };
      delete withoutState.state;
      visible[server] = withoutState;
    }
  }
  return visible;
}

/**
 * Only the user-model fields the scopes reveal, `{}` if none. `model.groups` (the user's
 * groups) lets group filters match. `servers`, when given, keeps the servers readable one
 * by one; it stays (possibly empty) when `read:servers` covers the whole user.
 */
export function filterUserModel<T extends Record<string, unknown>>(
  model: T & { name: string; groups?: string[]; servers?: ServerModels },
  scopes: ScopeSet,
): Partial<T> {
  const resource: Resource = { kind: 'user', name: model.name, groups: model.groups };
  const keys = allowedKeys(USER_ACCESS, scopes, resource);
  keys.delete('servers');
  const out = pick(model, keys);
  if (Object.keys(out).length === 0 || model.servers === undefined) return out as Partial<T>;
  const servers = filterServers(model.name, model.groups, model.servers, scopes);
  // JupyterHub omits `servers` only when nothing about them may be read.
  if (scopes.has('read:servers', resource) || Object.keys(servers).length > 0) {
    out.servers = servers;
  }
  return out as Partial<T>;
}

export function filterGroupModel<T extends Record<string, unknown>>(
  model: T & { name: string },
  scopes: ScopeSet,
): Partial<T> {
  const keys = allowedKeys(GROUP_ACCESS, scopes, { kind: 'group', name: model.name });
  return pick(model, keys) as Partial<T>;
}

export function filterServiceModel<T extends Record<string, unknown>>(
  model: T & { name: string },
  scopes: ScopeSet,
): Partial<T> {
  const keys = allowedKeys(SERVICE_ACCESS, scopes, { kind: 'service', name: model.name });
  return pick(model, keys) as Partial<T>;
}
