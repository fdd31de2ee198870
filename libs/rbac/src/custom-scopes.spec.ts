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

  const invalidName = (name: string) =>
    `Invalid scope name: '${name}'. Custom scopes start with 'custom:', then a lowercase letter` +
    ' or digit, contain only lowercase ascii letters, digits and -_:*, and do not end with - or :';

  it.each<[string, unknown, string]>([
    [
      'a built-in scope',
      { 'read:users': { description: "can't override" } },
      'Cannot redefine built-in scope read:users',
    ],
    [
      'a missing description',
      { 'custom:empty': {} },
      "scope custom:empty is missing its 'description'",
    ],
    [
      'a definition that is null',
      { 'custom:null': null },
      "scope custom:null is missing its 'description'",
    ],
    [
      'a bad prefix',
      { 'notcustom:prefix': { description: 'bad prefix' } },
      invalidName('notcustom:prefix'),
    ],
    [
      'an illegal character',
      { 'custom:!illegal': { description: 'bad character' } },
      invalidName('custom:!illegal'),
    ],
    [
      'a character after a valid name',
      { 'custom:abc!': { description: 'x' } },
      invalidName('custom:abc!'),
    ],
    ['uppercase', { 'custom:Upper': { description: 'x' } }, invalidName('custom:Upper')],
    ['a trailing colon', { 'custom:x:': { description: 'x' } }, invalidName('custom:x:')],
    ['a trailing hyphen', { 'custom:x-': { description: 'x' } }, invalidName('custom:x-')],
    [
      'a built-in subscope',
      { 'custom:bad': { description: 'x', subscopes: ['read:users'] } },
      'non-custom subscope read:users in custom:bad is not allowed: custom scopes may only have' +
        ' custom subscopes; use a role to grant several scopes together',
    ],
    [
      'an undefined subscope',
      { 'custom:bad': { description: 'x', subscopes: ['custom:undefined'] } },
      'subscope custom:undefined in custom:bad is not defined',
    ],
    [
      'subscopes that are not a list',
      {
        'custom:bad': { description: 'x', subscopes: 'custom:notalist' },
        'custom:notalist': { description: 'the subscope' },
      },
      'subscopes of custom:bad must be a list of scope strings',
    ],
    [
      'a subscope that is not a string',
      {
        'custom:bad': { description: 'x', subscopes: ['custom:fine', 7] },
        'custom:fine': { description: 'the subscope' },
      },
      'subscopes of custom:bad must be a list of scope strings',
    ],
  ])('rejects %s', (_name, custom, message) => {
    expect(() => validateCustomScopes(custom as CustomScopes)).toThrow(
      new CustomScopeError(message),
    );
  });

  it('names the error for the config loader', () => {
    expect(() => validateCustomScopes({ 'read:users': { description: 'x' } })).toThrow(
      expect.objectContaining({ name: 'CustomScopeError' }),
    );
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
