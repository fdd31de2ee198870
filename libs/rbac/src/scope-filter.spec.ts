import { ScopeFilterError, ScopeNotFoundError } from './rbac-errors';
import {
  formatScope,
  parseScope,
  ParsedScope,
  serverFilterUser,
  serverFilterValue,
  splitScope,
} from './scope-filter';

describe('scope filters', () => {
  it.each<[string, ParsedScope]>([
    ['read:users', { base: 'read:users', filter: null }],
    ['read:users!user=alice', { base: 'read:users', filter: { kind: 'user', value: 'alice' } }],
    [
      'access:servers!server=alice/',
      { base: 'access:servers', filter: { kind: 'server', value: 'alice/' } },
    ],
    [
      'access:servers!server=alice/lab1',
      { base: 'access:servers', filter: { kind: 'server', value: 'alice/lab1' } },
    ],
    ['read:groups!group=staff', { base: 'read:groups', filter: { kind: 'group', value: 'staff' } }],
    [
      'access:services!service=grader',
      { base: 'access:services', filter: { kind: 'service', value: 'grader' } },
    ],
    ['users:activity!user', { base: 'users:activity', filter: { kind: 'user', value: null } }],
    [
      'access:services!service',
      { base: 'access:services', filter: { kind: 'service', value: null } },
    ],
    ['access:servers!server', { base: 'access:servers', filter: { kind: 'server', value: null } }],
    ['read:users!user=a=b', { base: 'read:users', filter: { kind: 'user', value: 'a=b' } }],
  ])('parses %s and formats it back', (scope, parsed) => {
    expect(parseScope(scope)).toEqual(parsed);
    expect(formatScope(parsed)).toBe(scope);
  });

  it.each([
    ['read:groups!group', ScopeNotFoundError],
    ['read:users!users=alice', ScopeNotFoundError],
    ['read:users!foo=bar', ScopeNotFoundError],
    ['read:users!', ScopeNotFoundError],
    ['read:users!user=', ScopeFilterError],
    ['access:servers!server=', ScopeFilterError],
    ['read:groups!group=', ScopeFilterError],
    ['access:services!service=', ScopeFilterError],
  ])('rejects the malformed filter in %s', (scope, error) => {
    expect(() => parseScope(scope)).toThrow(error);
  });

  it('splits at the first ! only', () => {
    expect(splitScope('a!user=x!y')).toEqual({ base: 'a', filter: 'user=x!y' });
    expect(splitScope('a')).toEqual({ base: 'a', filter: null });
  });

  it.each([
    ['alice', '', 'alice/'],
    ['alice', 'lab1', 'alice/lab1'],
  ])('names server %s/%s as %s, owned by the user', (user, server, value) => {
    expect(serverFilterValue(user, server)).toBe(value);
    expect(serverFilterUser(value)).toBe(user);
  });

  it('reads a server value without a slash as a user name', () => {
    expect(serverFilterUser('alice')).toBe('alice');
  });
});
