import { parseScopes, reduceScopes, unparseScopes } from './parsed-scopes';
import { ScopeFilterError } from './rbac-errors';

describe('parsed scopes', () => {
  it('groups filters per base and kind, an unfiltered scope absorbing them', () => {
    const parsed = parseScopes([
      'read:users!user=a',
      'read:users!group=g',
      'read:users!user=b',
      'servers!server=a/x',
      'access:servers!user=a',
      'access:servers',
    ]);
    expect(parsed.get('access:servers')).toBe('all');
    expect(parsed.get('read:users')).toEqual({
      user: new Set(['a', 'b']),
      server: new Set(),
      group: new Set(['g']),
      service: new Set(),
    });
    expect(parsed.get('servers')).toEqual({
      user: new Set(),
      server: new Set(['a/x']),
      group: new Set(),
      service: new Set(),
    });
  });

  it.each([
    [['access:services', 'access:services!service=x'], ['access:services']],
    [['access:services!service=x', 'access:services'], ['access:services']],
    [
      ['read:users!user=b', 'read:users!user=a', 'read:users!user=a'],
      ['read:users!user=a', 'read:users!user=b'],
    ],
    [
      ['tokens!group=g', 'tokens!user=u', 'read:tokens'],
      ['read:tokens', 'tokens!group=g', 'tokens!user=u'],
    ],
    [[], []],
  ])('reduces %j to %j', (scopes, reduced) => {
    expect(reduceScopes(scopes)).toEqual(reduced);
  });

  it('round-trips through parse and unparse', () => {
    const scopes = ['a', 'b!group=g', 'b!server=u/', 'b!service=s', 'b!user=u'];
    expect(unparseScopes(parseScopes(scopes))).toEqual(scopes);
  });

  it.each(['read:users!user', 'read:users!user='])(
    'refuses the unexpanded or empty filter %s',
    (scope) => {
      expect(() => parseScopes([scope])).toThrow(ScopeFilterError);
    },
  );
});
