import { expandScopes } from './scope-expansion';
import { CheckResult, Resource, ScopeSet } from './scope-set';

const USER: Resource = { kind: 'user', name: 'ann', groups: ['staff'] };
const ANN_X: Resource = { kind: 'server', user: 'ann', server: 'x', groups: ['staff'] };
const ANN_DEFAULT: Resource = { kind: 'server', user: 'ann', server: '', groups: ['staff'] };
const STAFF: Resource = { kind: 'group', name: 'staff' };
const GRADER: Resource = { kind: 'service', name: 'grader' };

const held = (...raw: string[]) => new ScopeSet(expandScopes(raw));

describe('ScopeSet.has', () => {
  /** JupyterHub's test_has_scope (ann is in group staff), plus each filter kind. */
  it.each<[string, Resource | undefined, string[], boolean]>([
    ['read:users', undefined, ['read:users'], true],
    ['read:users', USER, ['read:users!user=ann'], true],
    ['read:servers', ANN_X, ['read:servers!server=ann/x'], true],
    ['read:groups', STAFF, ['read:groups!group=staff'], true],
    ['read:users:name', undefined, ['read:users'], true],
    ['read:users:name', USER, ['read:users!user=ann'], true],
    ['read:users', USER, ['read:users!group=staff'], true],
    ['read:users', USER, ['read:users'], true],
    ['read:servers', ANN_X, ['read:servers'], true],
    ['read:servers', ANN_X, ['servers!server=ann/x'], true],
    ['read:servers', ANN_X, ['servers!user=ann'], true],
    ['read:servers', ANN_X, ['servers!group=staff'], true],
    ['access:servers', ANN_DEFAULT, ['access:servers!server=ann/'], true],
    ['access:services', GRADER, ['access:services!service=grader'], true],
    ['read:users', undefined, ['read:users!user=ann'], false],
    ['read:users', USER, ['read:users!user=other'], false],
    ['read:users', USER, ['read:users!group=other'], false],
    ['read:users', { kind: 'user', name: 'ann' }, ['read:users!group=staff'], false],
    ['read:servers', ANN_X, ['servers!server=other/x'], false],
    ['read:servers', ANN_X, ['servers!user=other'], false],
    ['read:servers', ANN_X, ['servers!group=other'], false],
    ['servers', ANN_X, ['read:servers!server=ann/x'], false],
    ['access:servers', ANN_DEFAULT, ['access:servers!server=ann/x'], false],
    ['read:users', USER, ['read:users!server=ann/x'], false],
    ['read:groups', STAFF, ['read:groups!user=staff'], false],
    ['access:services', GRADER, ['access:services!service=other'], false],
    ['access:services', GRADER, ['access:servers'], false],
  ])('%s on %j with %j: %s', (base, resource, scopes, ok) => {
    expect(held(...scopes).has(base, resource)).toBe(ok);
  });
});

describe('ScopeSet.check (needs_scope)', () => {
  it.each<[string, string[], Resource | undefined, string[], CheckResult]>([
    ['unfiltered scope, no resource', ['read:hub'], undefined, ['read:hub'], 'allowed'],
    ['matching filter', ['users:activity'], USER, ['users:activity!user=ann'], 'allowed'],
    [
      'any listed scope suffices',
      ['admin:users', 'read:users'],
      USER,
      ['read:users!group=staff'],
      'allowed',
    ],
    ['a server covered by its user', ['delete:servers'], ANN_X, ['servers!user=ann'], 'allowed'],
    ['filter for another user', ['users:activity'], USER, ['users:activity!user=bob'], 'not-found'],
    [
      'filter for another server',
      ['access:servers'],
      ANN_DEFAULT,
      ['access:servers!server=ann/x'],
      'not-found',
    ],
    [
      'one of several bases held elsewhere',
      ['admin:users', 'read:users'],
      USER,
      ['read:users!user=bob'],
      'not-found',
    ],
    ['scope not held at all', ['delete:users'], USER, ['read:users'], 'forbidden'],
    ['filtered scope, no resource', ['read:hub'], undefined, ['read:hub!user=ann'], 'forbidden'],
    ['nothing held', ['read:users'], USER, [], 'forbidden'],
  ])('%s: %s', (_case, anyOf, resource, scopes, result) => {
    expect(held(...scopes).check(anyOf, resource)).toBe(result);
  });
});

describe('ScopeSet', () => {
  it('accepts any filtered variant for list endpoints', () => {
    const scopes = held('read:users!user=ann');
    expect(scopes.hasAnyFilter('read:users')).toBe(true);
    expect(scopes.hasAnyFilter('read:groups')).toBe(false);
  });

  it('reports the filters held per base', () => {
    const scopes = held('read:users!user=ann', 'read:users!group=staff', 'read:hub');
    expect(scopes.filters('read:hub')).toBe('all');
    expect(scopes.filters('read:groups')).toBeNull();
    expect(scopes.filters('read:users')).toEqual({
      user: new Set(['ann']),
      server: new Set(),
      group: new Set(['staff']),
      service: new Set(),
    });
  });

  it('lists its scopes sorted and reduced', () => {
    expect(new ScopeSet(['b', 'a!user=x', 'a', 'c!user=y']).scopes).toEqual(['a', 'b', 'c!user=y']);
  });
});
