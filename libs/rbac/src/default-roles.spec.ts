import {
  defaultRoles,
  isDefaultRoleName,
  resolveConfiguredRoles,
  RoleDef,
  validateRole,
  validateRoleName,
} from './default-roles';
import { InvalidRoleNameError, RoleValueError, ScopeNotFoundError } from './rbac-errors';

const ADMIN_SCOPES = [
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

describe('default roles', () => {
  it.each([
    ['user', ['self']],
    ['admin', ADMIN_SCOPES],
    ['server', ['users:activity!user', 'access:servers!server']],
    ['token', ['inherit']],
  ])('defines %s with %j', (name, scopes) => {
    const role = defaultRoles().find((r) => r.name === name);
    expect(role?.scopes).toEqual(scopes);
    expect(isDefaultRoleName(name)).toBe(true);
  });

  it('has exactly the four default roles, each valid', () => {
    const roles = defaultRoles();
    expect(roles.map((r) => r.name)).toEqual(['user', 'admin', 'server', 'token']);
    for (const role of roles) expect(() => validateRole(role)).not.toThrow();
  });

  it('adds extra_user_scopes to the user role only', () => {
    const roles = defaultRoles(['access:services']);
    expect(roles.find((r) => r.name === 'user')?.scopes).toEqual(['self', 'access:services']);
    expect(roles.find((r) => r.name === 'admin')?.scopes).toEqual(ADMIN_SCOPES);
  });

  it('hands out fresh lists, so a caller cannot change the defaults', () => {
    defaultRoles()[0].scopes.push('shutdown');
    expect(defaultRoles()[0].scopes).toEqual(['self']);
  });

  it('knows custom role names are not defaults', () => {
    expect(isDefaultRoleName('grader')).toBe(false);
  });
});

describe('role names', () => {
  it.each([
    ['abc', true],
    ['group', true],
    ['a-pretty-long-name-with-123', true],
    ['a.b~c_d', true],
    ['a'.repeat(255), true],
    ['ab', false],
    ['0-abc', false],
    ['role-', false],
    ['has-Uppercase', false],
    ['a'.repeat(256), false],
    ['has space', false],
  ])('%s is valid: %s', (name, valid) => {
    if (valid) expect(() => validateRoleName(name)).not.toThrow();
    else expect(() => validateRoleName(name)).toThrow(InvalidRoleNameError);
  });
});

describe('validateRole', () => {
  it.each<[string, RoleDef, (new (m: string) => Error) | null]>([
    ['a new role', { name: 'new-role', description: 'Some description', scopes: ['groups'] }, null],
    ['a role without scopes', { name: 'no-permissions', scopes: [] }, null],
    ['the user role changed', { name: 'user', scopes: ['read:users:name'] }, null],
    ['the server role changed', { name: 'server', scopes: ['users:activity!user'] }, null],
    [
      'admin unchanged, in another order',
      { name: 'admin', scopes: [...ADMIN_SCOPES].reverse() },
      null,
    ],
    ['admin with other scopes', { name: 'admin', scopes: ['admin:users'] }, RoleValueError],
    [
      'admin with another description',
      { name: 'admin', description: 'New description', scopes: ADMIN_SCOPES },
      RoleValueError,
    ],
    ['a bad name', { name: 'Bad', scopes: [] }, InvalidRoleNameError],
    ['an unknown scope', { name: 'typo', scopes: ['read:user'] }, ScopeNotFoundError],
    ['a bare group filter', { name: 'typo', scopes: ['read:users!group'] }, ScopeNotFoundError],
  ])('%s', (_case, role, error) => {
    if (error) expect(() => validateRole(role)).toThrow(error);
    else expect(() => validateRole(role)).not.toThrow();
  });

  it('names the role whose scope is unknown', () => {
    expect(() => validateRole({ name: 'typo', scopes: ['read:user'] })).toThrow(
      "Scope 'read:user' for role typo does not exist",
    );
  });

  it('accepts configured custom scopes', () => {
    const custom = { 'custom:grade': { description: 'grade' } };
    expect(() => validateRole({ name: 'grader', scopes: ['custom:grade'] }, custom)).not.toThrow();
    expect(() => validateRole({ name: 'grader', scopes: ['custom:grade'] })).toThrow(
      ScopeNotFoundError,
    );
  });
});

describe('resolveConfiguredRoles', () => {
  const byName = (roles: RoleDef[]) => Object.fromEntries(roles.map((r) => [r.name, r]));

  it('keeps the defaults when nothing is loaded', () => {
    expect(resolveConfiguredRoles([])).toEqual(defaultRoles());
  });

  it('merges a loaded default role over its default, keeping what it leaves out', () => {
    const roles = byName(
      resolveConfiguredRoles([{ name: 'admin' }, { name: 'user', description: 'd' }]),
    );
    expect(roles.admin.scopes).toEqual(ADMIN_SCOPES);
    expect(roles.user).toEqual({ name: 'user', description: 'd', scopes: ['self'] });
  });

  it('keeps extra_user_scopes unless the user role brings its own scopes', () => {
    const extra = { extraUserScopes: ['access:services'] };
    expect(byName(resolveConfiguredRoles([], extra)).user.scopes).toEqual([
      'self',
      'access:services',
    ]);
    const overridden = resolveConfiguredRoles([{ name: 'user', scopes: ['self'] }], extra);
    expect(byName(overridden).user.scopes).toEqual(['self']);
  });

  it('lists untouched defaults first, then loaded roles in order', () => {
    const roles = resolveConfiguredRoles([
      { name: 'grader', scopes: ['read:users'] },
      { name: 'token', scopes: ['read:users!user'] },
    ]);
    expect(roles.map((r) => r.name)).toEqual(['user', 'admin', 'server', 'grader', 'token']);
    expect(byName(roles).grader).toEqual({ name: 'grader', scopes: ['read:users'] });
  });

  it.each<
    [string, { name: string; description?: string; scopes?: string[] }[], new (m: string) => Error]
  >([
    ['a role defined twice', [{ name: 'twice' }, { name: 'twice' }], RoleValueError],
    ['a changed admin role', [{ name: 'admin', scopes: ['read:users'] }], RoleValueError],
    ['an unknown scope', [{ name: 'x-role', scopes: ['all'] }], ScopeNotFoundError],
    ['a bad name', [{ name: 'X' }], InvalidRoleNameError],
  ])('rejects %s', (_case, loaded, error) => {
    expect(() => resolveConfiguredRoles(loaded)).toThrow(error);
  });
});
