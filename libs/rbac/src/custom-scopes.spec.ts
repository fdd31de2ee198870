import { CustomScopes, isCustomScope, validateCustomScopes } from './custom-scopes';
import { CustomScopeError } from './rbac-errors';

describe('validateCustomScopes', () => {
  it.each<[string, CustomScopes]>([
    ['a simple scope', { 'custom:okay': { description: 'simple custom scope' } }],
    [
      'a parent with a custom child',
      {
        'custom:parent': { description: 'parent', subscopes: ['custom:child'] },
        'custom:child': { description: 'child' },
      },
    ],
    ['stars and underscores', { 'custom:jupyter_server:read:*': { description: 'all reads' } }],
  ])('accepts %s', (_name, custom) => {
    expect(() => validateCustomScopes(custom)).not.toThrow();
  });

  it.each<[string, unknown]>([
    ['a built-in scope', { 'read:users': { description: "can't override" } }],
    ['a missing description', { 'custom:empty': {} }],
    ['a bad prefix', { 'notcustom:prefix': { description: 'bad prefix' } }],
    ['an illegal character', { 'custom:!illegal': { description: 'bad character' } }],
    ['uppercase', { 'custom:Upper': { description: 'x' } }],
    ['a trailing colon', { 'custom:x:': { description: 'x' } }],
    ['a trailing hyphen', { 'custom:x-': { description: 'x' } }],
    ['a built-in subscope', { 'custom:bad': { description: 'x', subscopes: ['read:users'] } }],
    [
      'an undefined subscope',
      { 'custom:bad': { description: 'x', subscopes: ['custom:undefined'] } },
    ],
    [
      'subscopes that are not a list',
      {
        'custom:bad': { description: 'x', subscopes: 'custom:notalist' },
        'custom:notalist': { description: 'the subscope' },
      },
    ],
  ])('rejects %s', (_name, custom) => {
    expect(() => validateCustomScopes(custom as CustomScopes)).toThrow(CustomScopeError);
  });
});

describe('isCustomScope', () => {
  it.each<[string, CustomScopes | undefined, boolean]>([
    ['custom:a', { 'custom:a': { description: 'a' } }, true],
    ['custom:b', { 'custom:a': { description: 'a' } }, false],
    ['custom:a', undefined, false],
    ['constructor', {}, false],
  ])('%s in %j: %s', (name, custom, expected) => {
    expect(isCustomScope(name, custom)).toBe(expected);
  });
});
