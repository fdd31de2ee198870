import { expandScopes, subscopeClosure } from './scope-expansion';
import { isBuiltinScope, Scope, SCOPE_DEFINITIONS, SCOPE_TABLE } from './scope-table';

/** Every built-in scope with everything it implies, written out by hand from section 4.1. */
const CLOSURES: Record<Scope, string[]> = {
  '(no_scope)': ['(no_scope)'],
  self: ['self'],
  inherit: ['inherit'],
  'admin-ui': ['admin-ui'],
  'admin:users': [
    'admin:users',
    'admin:auth_state',
    'users',
    'read:users',
    'read:users:name',
    'read:users:groups',
    'read:users:activity',
    'list:users',
    'users:activity',
    'read:roles:users',
    'delete:users',
  ],
  'admin:auth_state': ['admin:auth_state'],
  users: [
    'users',
    'read:users',
    'read:users:name',
    'read:users:groups',
    'read:users:activity',
    'list:users',
    'users:activity',
  ],
  'delete:users': ['delete:users'],
  'list:users': ['list:users', 'read:users:name'],
  'read:users': ['read:users', 'read:users:name', 'read:users:groups', 'read:users:activity'],
  'read:users:name': ['read:users:name'],
  'read:users:groups': ['read:users:groups'],
  'read:users:activity': ['read:users:activity'],
  'read:roles': ['read:roles', 'read:roles:users', 'read:roles:services', 'read:roles:groups'],
  'read:roles:users': ['read:roles:users'],
  'read:roles:services': ['read:roles:services'],
  'read:roles:groups': ['read:roles:groups'],
  'users:activity': ['users:activity', 'read:users:activity'],
  'admin:servers': [
    'admin:servers',
    'admin:server_state',
    'servers',
    'read:servers',
    'read:users:name',
    'start:servers',
    'delete:servers',
  ],
  'admin:server_state': ['admin:server_state'],
  servers: ['servers', 'read:servers', 'read:users:name', 'start:servers', 'delete:servers'],
  'read:servers': ['read:servers', 'read:users:name'],
  'start:servers': ['start:servers'],
  'delete:servers': ['delete:servers'],
  tokens: ['tokens', 'read:tokens'],
  'read:tokens': ['read:tokens'],
  'admin:groups': [
    'admin:groups',
    'groups',
    'read:groups',
    'list:groups',
    'read:groups:name',
    'read:roles:groups',
    'delete:groups',
  ],
  groups: ['groups', 'read:groups', 'list:groups', 'read:groups:name'],
  'list:groups': ['list:groups', 'read:groups:name'],
  'read:groups': ['read:groups', 'read:groups:name'],
  'read:groups:name': ['read:groups:name'],
  'delete:groups': ['delete:groups'],
  'admin:services': [
    'admin:services',
    'list:services',
    'read:services',
    'read:services:name',
    'read:roles:services',
  ],
  'list:services': ['list:services', 'read:services:name'],
  'read:services': ['read:services', 'read:services:name'],
  'read:services:name': ['read:services:name'],
  'read:hub': ['read:hub'],
  'access:servers': ['access:servers'],
  'access:services': ['access:services'],
  'users:shares': ['users:shares', 'read:users:shares'],
  'read:users:shares': ['read:users:shares'],
  'groups:shares': ['groups:shares', 'read:groups:shares'],
  'read:groups:shares': ['read:groups:shares'],
  'read:shares': ['read:shares'],
  shares: [
    'shares',
    'access:servers',
    'read:shares',
    'users:shares',
    'read:users:shares',
    'groups:shares',
    'read:groups:shares',
  ],
  proxy: ['proxy'],
  shutdown: ['shutdown'],
  'read:metrics': ['read:metrics'],
  'orrery:courses': ['orrery:courses', 'orrery:read:courses'],
  'orrery:read:courses': ['orrery:read:courses'],
};

const ALL_SCOPES = Object.keys(CLOSURES) as Scope[];
const sorted = (list: string[]) => [...list].sort();

describe('scope table', () => {
  it("has exactly the JupyterHub 6 scopes listed here (48) and Orrery's two orrery: scopes", () => {
    expect(Object.keys(SCOPE_TABLE).sort()).toEqual(sorted(ALL_SCOPES));
    expect(ALL_SCOPES.filter((scope) => !scope.startsWith('orrery:'))).toHaveLength(48);
    expect(ALL_SCOPES.filter((scope) => scope.startsWith('orrery:'))).toHaveLength(2);
  });

  it('gives every scope a description', () => {
    for (const scope of ALL_SCOPES) expect(SCOPE_DEFINITIONS[scope].description).not.toBe('');
  });

  it.each(ALL_SCOPES)('implies exactly its subscope closure: %s', (scope) => {
    expect(subscopeClosure(scope)).toEqual(sorted(CLOSURES[scope]));
  });

  it.each(ALL_SCOPES.filter((s) => s !== 'self'))(
    'expands %s unfiltered to its closure',
    (scope) => {
      expect(expandScopes([scope])).toEqual(sorted(CLOSURES[scope]));
    },
  );

  it.each(ALL_SCOPES)('re-applies a user filter to every subscope of %s', (scope) => {
    expect(expandScopes([`${scope}!user=ann`])).toEqual(
      sorted(CLOSURES[scope].map((s) => `${s}!user=ann`)),
    );
  });

  it.each(ALL_SCOPES)('drops read:user* subscopes of %s under a server filter', (scope) => {
    const expected = CLOSURES[scope]
      .filter((s) => !s.startsWith('read:user'))
      .map((s) => `${s}!server=ann/lab`);
    expect(expandScopes([`${scope}!server=ann/lab`])).toEqual(sorted(expected));
  });

  it.each([
    ['read:users', true],
    ['custom:x', false],
    ['constructor', false],
    ['toString', false],
    ['all', false],
  ])('knows whether %s is built in (%s)', (name, builtin) => {
    expect(isBuiltinScope(name)).toBe(builtin);
  });
});
