import { defaultRoles } from './default-roles';
import { expandScopes, OAuthClientRef, ScopeOwner } from './scope-expansion';
import { tokenEffectiveScopes } from './token-scopes';

const ALICE: ScopeOwner = { kind: 'user', name: 'alice' };
const HUB: OAuthClientRef = { identifier: 'jupyterhub' };
const ALICE_DEFAULT: OAuthClientRef = {
  identifier: 'jupyterhub-user-alice',
  spawner: { user: 'alice', server: '' },
};
const SERVER_ROLE = defaultRoles().find((r) => r.name === 'server')!.scopes;

describe('tokenEffectiveScopes', () => {
  it('gives a server token the section 3.4 list from the server role and its client', () => {
    expect(
      tokenEffectiveScopes({
        tokenScopes: SERVER_ROLE,
        ownerScopes: ['self'],
        owner: ALICE,
        client: ALICE_DEFAULT,
      }),
    ).toEqual([
      'access:servers!server=alice/',
      'read:users:activity!user=alice',
      'read:users:groups!user=alice',
      'read:users:name!user=alice',
      'users:activity!user=alice',
    ]);
  });

  it('gives the same list for the stored form (!server resolved at spawn, hub client)', () => {
    const stored = ['users:activity!user', 'access:servers!server=alice/'];
    expect(
      tokenEffectiveScopes({
        tokenScopes: stored,
        ownerScopes: ['self'],
        owner: ALICE,
        client: HUB,
      }),
    ).toEqual(
      tokenEffectiveScopes({
        tokenScopes: SERVER_ROLE,
        ownerScopes: ['self'],
        owner: ALICE,
        client: ALICE_DEFAULT,
      }),
    );
  });

  it('gives a browser OAuth token for the default server the first section 3.4 list', () => {
    const granted = [
      'access:servers!server=alice/',
      'read:users:groups!user',
      'read:users:name!user',
    ];
    expect(
      tokenEffectiveScopes({
        tokenScopes: granted,
        ownerScopes: ['self'],
        owner: ALICE,
        client: ALICE_DEFAULT,
      }),
    ).toEqual([
      'access:servers!server=alice/',
      'read:users:groups!user=alice',
      'read:users:name!user=alice',
    ]);
  });

  it('adds the client access scope even when the token did not ask for it', () => {
    expect(
      tokenEffectiveScopes({
        tokenScopes: [],
        ownerScopes: ['self'],
        owner: ALICE,
        client: ALICE_DEFAULT,
      }),
    ).toContain('access:servers!server=alice/');
  });

  it('gives an API token the section 16 example scopes', () => {
    expect(
      tokenEffectiveScopes({
        tokenScopes: ['read:users!user'],
        ownerScopes: ['self'],
        owner: ALICE,
        client: HUB,
      }),
    ).toEqual([
      'read:users!user=alice',
      'read:users:activity!user=alice',
      'read:users:groups!user=alice',
      'read:users:name!user=alice',
    ]);
  });

  it.each<[string, string[]]>([
    ['raw role scopes', ['self', 'read:hub']],
    ['expanded scopes', expandScopes(['self', 'read:hub'], ALICE)],
  ])('gives an inherit token exactly the owner scopes, from %s', (_case, ownerScopes) => {
    expect(tokenEffectiveScopes({ tokenScopes: ['inherit'], ownerScopes, owner: ALICE })).toEqual(
      expandScopes(['self', 'read:hub'], ALICE),
    );
  });

  it('keeps share scopes of the owner for an inherit token', () => {
    const ownerScopes = [...expandScopes(['self'], ALICE), 'access:servers!server=bob/'];
    expect(tokenEffectiveScopes({ tokenScopes: ['inherit'], ownerScopes, owner: ALICE })).toContain(
      'access:servers!server=bob/',
    );
  });

  it('leaves only the identify scopes to a token without scopes', () => {
    expect(tokenEffectiveScopes({ tokenScopes: [], ownerScopes: ['self'], owner: ALICE })).toEqual([
      'read:users:groups!user=alice',
      'read:users:name!user=alice',
    ]);
  });

  it('loses what the owner lost', () => {
    expect(
      tokenEffectiveScopes({
        tokenScopes: ['read:hub', 'tokens!user'],
        ownerScopes: ['read:users:name'],
        owner: ALICE,
      }),
    ).toEqual(['read:users:name!user=alice']);
  });

  it('gives a service token its identify scope and what the service holds', () => {
    const grader: ScopeOwner = { kind: 'service', name: 'grader' };
    expect(
      tokenEffectiveScopes({
        tokenScopes: ['list:users', 'admin:users'],
        ownerScopes: ['list:users', 'read:services:name'],
        owner: grader,
      }),
    ).toEqual(['list:users', 'read:services:name!service=grader', 'read:users:name']);
  });

  it('reaches a service client only if the owner may', () => {
    const client: OAuthClientRef = { identifier: 'service-grader', service: 'grader' };
    const run = (ownerScopes: string[]) =>
      tokenEffectiveScopes({ tokenScopes: [], ownerScopes, owner: ALICE, client });
    expect(run(['self'])).not.toContain('access:services!service=grader');
    expect(run(['self', 'access:services'])).toContain('access:services!service=grader');
  });

  it('resolves a group filter of the owner into the token user filter', () => {
    const run = (members: string[]) =>
      tokenEffectiveScopes({
        tokenScopes: ['read:users!user=bob'],
        ownerScopes: ['read:users!group=staff'],
        owner: ALICE,
        membersOf: () => new Set(members),
      });
    expect(run(['bob'])).toContain('read:users!user=bob');
    expect(run(['carol'])).toEqual([]);
  });

  /** JupyterHub's test_resolve_token_permissions, owner temp_user_1. */
  it.each<[string, string[], string[], string[]]>([
    [
      'no_filter',
      ['users:activity'],
      ['users:activity'],
      ['read:users:activity', 'users:activity'],
    ],
    [
      'valid_own_filter',
      ['read:users:activity'],
      ['read:users:activity!user'],
      ['read:users:activity!user=temp_user_1'],
    ],
    [
      'valid_other_filter',
      ['read:users:activity'],
      ['read:users:activity!user=otheruser'],
      ['read:users:activity!user=otheruser'],
    ],
    [
      'no_filter_owner_filter',
      ['read:users:activity!user'],
      ['read:users:activity'],
      ['read:users:activity!user=temp_user_1'],
    ],
    [
      'valid_own_filter, both',
      ['read:users:activity!user'],
      ['read:users:activity!user'],
      ['read:users:activity!user=temp_user_1'],
    ],
    ['invalid_filter', ['read:users:activity!user'], ['read:users:activity!user=otheruser'], []],
    ['subscopes_cross_filter', ['users!user=x'], ['read:users:name'], ['read:users:name!user=x']],
    [
      'multiple_user_filter',
      ['users!user=x', 'users!user=y'],
      ['read:users:name!user=x'],
      ['read:users:name!user=x'],
    ],
    ['no_intersection_group_user', ['users!group=y'], ['users!user=x'], []],
    ['no_intersection_user_server', ['servers!user=y'], ['servers!server=x'], []],
    [
      'users_and_groups_both',
      ['users!group=x', 'users!user=y'],
      ['read:users:name!group=x', 'read:users!user=y'],
      [
        'read:users!user=y',
        'read:users:activity!user=y',
        'read:users:groups!user=y',
        'read:users:name!group=x',
        'read:users:name!user=y',
      ],
    ],
    [
      'users_and_groups_user_only',
      ['users!group=x', 'users!user=y'],
      ['read:users:name!group=z', 'read:users!user=y'],
      [
        'read:users!user=y',
        'read:users:activity!user=y',
        'read:users:groups!user=y',
        'read:users:name!user=y',
      ],
    ],
  ])('%s', (_case, ownerScopes, tokenScopes, expected) => {
    const owner: ScopeOwner = { kind: 'user', name: 'temp_user_1' };
    expect(
      tokenEffectiveScopes({ tokenScopes, ownerScopes, owner, membersOf: () => new Set() }),
    ).toEqual(expected);
  });
});
