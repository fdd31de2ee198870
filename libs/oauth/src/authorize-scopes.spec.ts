import { MembersOf } from '@orrery/rbac';
import {
  checkClientScopes,
  clientDefaultScopes,
  grantableScopes,
  roleNamesToScopes,
  scopesExist,
  ScopeContext,
  splitScopeParam,
  withoutIdentify,
} from './authorize-scopes';
import { OAuthError } from './oauth-error';

const staff: MembersOf = (group) => new Set(group === 'staff' ? ['alice'] : []);
const serverClient: ScopeContext = {
  user: { kind: 'user', name: 'alice' },
  client: { identifier: 'jupyterhub-user-alice', spawner: { user: 'alice', server: '' } },
  membersOf: staff,
};
const serviceClient: ScopeContext = {
  user: { kind: 'user', name: 'alice' },
  client: { identifier: 'service-grader', service: 'grader' },
};
const REQUIRED = ['access:servers!server=alice/', 'read:users:groups!user', 'read:users:name!user'];

describe('the default scopes of a client', () => {
  it.each([
    ['a server client asking nothing', [], serverClient, REQUIRED],
    [
      'a service client with allowed scopes',
      ['read:users!user'],
      serviceClient,
      [
        'access:services!service=grader',
        'read:users!user',
        'read:users:groups!user',
        'read:users:name!user',
      ],
    ],
    [
      'a client allowed inherit gets only its allowed scopes',
      ['inherit'],
      serverClient,
      ['inherit'],
    ],
  ])('%s', (_case, allowed, ctx, expected) => {
    expect(clientDefaultScopes(allowed, ctx.client).sort()).toEqual(expected);
  });
});

describe('reading requested scope names', () => {
  it('splits the scope parameter on single spaces, as oauthlib does', () => {
    expect(splitScopeParam(' a b ')).toEqual(['a', 'b']);
    expect(splitScopeParam('a  b')).toEqual(['a', '', 'b']);
  });

  it('ignores the deprecated identify scope', () => {
    expect(withoutIdentify(['identify', 'read:users', 'identify'])).toEqual(['read:users']);
  });

  it.each([
    [['read:users', 'access:servers!server=alice/'], true],
    [['read:users!user'], true],
    [['no-such-scope'], false],
    [['read:users!nofilter=x'], false],
    [[''], false],
  ])('knows whether %j are scopes: %s', (names, expected) => {
    expect(scopesExist(names)).toBe(expected);
  });

  it('converts role names to their scopes', () => {
    const roles = new Map([['reader', ['read:users', 'list:users']]]);
    expect(roleNamesToScopes(['reader'], roles).sort()).toEqual(['list:users', 'read:users']);
  });

  it('rejects a mix of role names and unknown names with invalid_scope', () => {
    const roles = new Map([['reader', ['read:users']]]);
    expect(() => roleNamesToScopes(['reader', 'nothing'], roles)).toThrow(
      expect.objectContaining({ error: 'invalid_scope' }),
    );
  });
});

describe('checking requested scopes against what the client may ask for', () => {
  it.each([
    ['nothing but the required scopes', [], [], serverClient, REQUIRED],
    ['a required scope asked for explicitly', ['read:users:name!user'], [], serverClient, REQUIRED],
    [
      'a concrete filter inside an allowed bare !user',
      ['read:users!user=alice'],
      ['read:users!user'],
      serverClient,
      [...REQUIRED, 'read:users!user=alice'].sort(),
    ],
    [
      'a narrower scope inside an allowed unfiltered one',
      ['read:users:name!user=bob'],
      ['read:users'],
      serverClient,
      [...REQUIRED, 'read:users:name!user=bob'].sort(),
    ],
    [
      'a member of an allowed group',
      ['read:users!user=alice'],
      ['read:users!group=staff'],
      serverClient,
      [...REQUIRED, 'read:users!user=alice'].sort(),
    ],
    [
      'inherit when allowed',
      ['inherit'],
      ['inherit'],
      serverClient,
      [...REQUIRED, 'inherit'].sort(),
    ],
  ])('allows %s', (_case, requested, allowed, ctx, expected) => {
    expect(checkClientScopes(requested, allowed, ctx)).toEqual(expected);
  });

  it.each([
    ['a scope the client is not allowed', ['read:users'], [], serverClient],
    [
      'another user than the bare !user resolves to',
      ['read:users!user=bob'],
      ['read:users!user'],
      serverClient,
    ],
    [
      'an unfiltered scope when only a filtered one is allowed',
      ['read:users:name'],
      ['read:users!user'],
      serverClient,
    ],
    [
      'a user outside the allowed group',
      ['read:users!user=bob'],
      ['read:users!group=staff'],
      serverClient,
    ],
    [
      'a group member when groups cannot be resolved',
      ['read:users!user=alice'],
      ['read:users!group=staff'],
      serviceClient,
    ],
    ['inherit when not allowed', ['inherit'], ['read:users'], serverClient],
    ['another server of the same user', ['access:servers!server=alice/lab'], [], serverClient],
  ])('rejects %s with invalid_scope', (_case, requested, allowed, ctx) => {
    let thrown: unknown;
    try {
      checkClientScopes(requested, allowed, ctx);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(OAuthError);
    expect(thrown).toMatchObject({ error: 'invalid_scope', fatal: false });
  });
});

describe('intersecting granted scopes with what the user holds', () => {
  const self = ['self'];

  it.each([
    ['keeps the required scopes even without roles', REQUIRED, [], REQUIRED],
    [
      'keeps a scope on the user themself as written',
      [...REQUIRED, 'read:users!user'],
      self,
      [...REQUIRED, 'read:users!user'].sort(),
    ],
    ['keeps inherit, which token scopes resolve later', ['inherit'], self, ['inherit']],
    [
      'drops what the user does not hold at all',
      [...REQUIRED, 'read:hub', 'proxy'],
      self,
      REQUIRED,
    ],
    [
      'drops another user but keeps the rest',
      [...REQUIRED, 'read:users!user=bob', 'read:users!user=alice'],
      self,
      [...REQUIRED, 'read:users!user=alice'].sort(),
    ],
    [
      'keeps a group member through a group role',
      [...REQUIRED, 'read:users!user=alice'],
      ['read:users!group=staff'],
      [...REQUIRED, 'read:users!user=alice'].sort(),
    ],
  ])('%s', (_case, requested, userScopes, expected) => {
    expect(grantableScopes(requested, userScopes, serverClient)).toEqual(expected);
  });

  it('grants the covered part of a broader scope, in expanded form', () => {
    const granted = grantableScopes([...REQUIRED, 'users'], self, serverClient);
    expect(granted).not.toContain('users');
    expect(granted).toContain('read:users!user=alice');
    expect(granted).toContain('users:activity!user=alice');
    expect(granted).not.toContain('list:users');
  });
});
