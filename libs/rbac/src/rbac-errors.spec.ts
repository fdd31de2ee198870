import {
  CustomScopeError,
  InvalidRoleNameError,
  RoleValueError,
  ScopeFilterError,
  ScopeNotFoundError,
} from './rbac-errors';

describe('rbac errors', () => {
  it.each([
    [new ScopeNotFoundError('m'), 'ScopeNotFoundError: m'],
    [new ScopeFilterError('m'), 'ScopeFilterError: m'],
    [new CustomScopeError('m'), 'CustomScopeError: m'],
    [new InvalidRoleNameError('m'), 'InvalidRoleNameError: m'],
    [new RoleValueError('m'), 'RoleValueError: m'],
  ])('%s names its kind where it is logged', (error, text) => {
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toBe(text);
  });
});
