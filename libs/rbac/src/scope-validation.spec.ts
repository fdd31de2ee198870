import { CustomScopes } from './custom-scopes';
import { ScopeFilterError, ScopeNotFoundError } from './rbac-errors';
import { scopeExists, validateScopes } from './scope-validation';

const CUSTOM: CustomScopes = {
  'custom:grader:read': { description: 'read grades', subscopes: ['custom:grader:list'] },
  'custom:grader:list': { description: 'list grades' },
};

describe('validateScopes', () => {
  it.each([
    [['read:users', 'admin:users', 'self', 'inherit', '(no_scope)']],
    [['users:activity!user', 'access:servers!server', 'access:services!service']],
    [['read:users!user=a', 'servers!server=a/', 'groups!group=g', 'access:services!service=s']],
    [[]],
  ])('accepts %j', (scopes) => {
    expect(() => validateScopes(scopes)).not.toThrow();
  });

  it.each<[string, new (m: string) => Error, string]>([
    ['all', ScopeNotFoundError, "Draft scope 'all' is now called 'inherit'"],
    ['all!user', ScopeNotFoundError, "Draft scope 'all' is now called 'inherit'"],
    ['read:user', ScopeNotFoundError, "Scope 'read:user' does not exist"],
    ['nope!user=a', ScopeNotFoundError, "Scope 'nope!user=a' does not exist"],
    ['constructor', ScopeNotFoundError, "Scope 'constructor' does not exist"],
    ['custom:grader:read', ScopeNotFoundError, "Scope 'custom:grader:read' does not exist"],
    [
      'read:groups!group',
      ScopeNotFoundError,
      "Scope filter '!group' in scope 'read:groups!group' does not exist",
    ],
    ['read:users!role=x', ScopeNotFoundError, "Scope filter '!role=x'"],
    ['read:users!user=', ScopeFilterError, 'Empty string is not a valid filter: read:users!user='],
  ])('rejects %s', (scope, error, message) => {
    expect(() => validateScopes([scope])).toThrow(error);
    expect(() => validateScopes([scope])).toThrow(message);
  });

  it('names whom the scopes are for', () => {
    expect(() => validateScopes(['x'], undefined, 'role grader')).toThrow(
      "Scope 'x' for role grader does not exist",
    );
  });

  it('accepts configured custom scopes, filtered or not', () => {
    expect(() =>
      validateScopes(['custom:grader:read', 'custom:grader:list!user'], CUSTOM),
    ).not.toThrow();
    expect(scopeExists('custom:grader:list', CUSTOM)).toBe(true);
    expect(scopeExists('custom:other', CUSTOM)).toBe(false);
  });
});
