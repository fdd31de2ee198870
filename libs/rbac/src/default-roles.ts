import { CustomScopes } from './custom-scopes';
import { InvalidRoleNameError, RoleValueError } from './rbac-errors';
import { validateScopes } from './scope-validation';

export interface RoleDef {
  name: string;
  description?: string;
  scopes: string[];
}

/** A `JupyterHub.load_roles` entry as far as RBAC cares (assignments are the caller's). */
export interface RoleSpec {
  name: string;
  description?: string;
  scopes?: string[];
}

/** 3-255 characters: lowercase ascii, digits and `-_~.`; a letter first, a letter or digit last. */
export const ROLE_NAME_PATTERN = /^[a-z][a-z0-9\-_~.]{1,253}[a-z0-9]$/;

const ADMIN_SCOPES: readonly string[] = [
  'admin-ui',
  'admin:users',
  'admin:servers',
  'admin:services',
  'tokens',
  'admin:groups',
  'list:services',
  'read:services',
  'read:hub',
  'proxy',
  'shutdown',
  'access:services',
  'access:servers',
  'read:roles',
  'read:metrics',
  'shares',
  'orrery:courses',
];

/**
 * The four roles every hub has. `extraUserScopes` is `JupyterHub.extra_user_scopes` (6.0),
 * added to the `user` role. `server` holds the default scopes of a server's API token.
 */
export function defaultRoles(extraUserScopes: readonly string[] = []): RoleDef[] {
  return [
    { name: 'user', description: 'Standard user privileges', scopes: ['self', ...extraUserScopes] },
    {
      name: 'admin',
      description: 'Elevated privileges (can do anything)',
      scopes: [...ADMIN_SCOPES],
    },
    {
      name: 'server',
      description: 'Post activity only',
      scopes: ['users:activity!user', 'access:servers!server'],
    },
    { name: 'token', description: 'Token with same permissions as its owner', scopes: ['inherit'] },
  ];
}

const DEFAULT_ROLE_NAMES: ReadonlySet<string> = new Set(defaultRoles().map((r) => r.name));

/** Default roles may be changed (except admin) but never deleted. */
export function isDefaultRoleName(name: string): boolean {
  return DEFAULT_ROLE_NAMES.has(name);
}

export function validateRoleName(name: string): void {
  if (!ROLE_NAME_PATTERN.test(name)) {
    throw new InvalidRoleNameError(
      `Invalid role name: '${name}'. Role names are 3-255 characters of lowercase ascii letters,` +
        " digits and '-.~_', start with a letter and end with a letter or digit",
    );
  }
}

function sameScopes(a: readonly string[], b: readonly string[]): boolean {
  const setA = new Set(a);
  const setB = new Set(b);
  return setA.size === setB.size && [...setA].every((s) => setB.has(s));
}

/**
 * Checks a role as JupyterHub's `create_role` does: valid name, existing scopes and
 * well-formed filters, and no change to the admin role. (JupyterHub compares the admin
 * scopes as an ordered list; any order is accepted here.)
 */
export function validateRole(role: RoleDef, custom?: CustomScopes): void {
  validateRoleName(role.name);
  if (role.name === 'admin') {
    const admin = defaultRoles().find((r) => r.name === 'admin') as RoleDef;
    if (role.description !== undefined && role.description !== admin.description) {
      throw new RoleValueError(
        `Cannot override admin role admin.description = ${role.description}`,
      );
    }
    if (!sameScopes(role.scopes, admin.scopes)) {
      throw new RoleValueError(
        `Cannot override admin role admin.scopes = ${JSON.stringify(role.scopes)}`,
      );
    }
  }
  validateScopes(role.scopes, custom, `role ${role.name}`);
}

/**
 * The roles a hub starts with (`init_role_creation`): default roles not mentioned in
 * `loadRoles`, then each loaded role merged over its default (so `{name: 'admin'}` alone
 * is fine, and a `user` role with its own scopes drops `extraUserScopes`). Every role is
 * validated; a name given twice is an error.
 */
export function resolveConfiguredRoles(
  loadRoles: readonly RoleSpec[],
  options: { extraUserScopes?: readonly string[]; custom?: CustomScopes } = {},
): RoleDef[] {
  const defaults = new Map(defaultRoles(options.extraUserScopes).map((r) => [r.name, r]));
  const seen = new Set<string>();
  const loaded: RoleDef[] = [];
  for (const spec of loadRoles) {
    if (seen.has(spec.name)) {
      throw new RoleValueError(
        `Role ${spec.name} multiply defined. Check the load_roles configuration`,
      );
    }
    seen.add(spec.name);
    const base = defaults.get(spec.name);
    defaults.delete(spec.name);
    const role: RoleDef = {
      name: spec.name,
      description: spec.description ?? base?.description,
      scopes: [...(spec.scopes ?? base?.scopes ?? [])],
    };
    if (role.description === undefined) delete role.description;
    loaded.push(role);
  }
  const roles = [...defaults.values(), ...loaded];
  for (const role of roles) validateRole(role, options.custom);
  return roles;
}
