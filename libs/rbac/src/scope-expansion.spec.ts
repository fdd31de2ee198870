import { CustomScopes } from './custom-scopes';
import { ScopeNotFoundError } from './rbac-errors';
import {
  accessScopes,
  expandScopes,
  HUB_CLIENT_ID,
  identifyScopes,
  OAuthClientRef,
  ScopeOwner,
  selfScopes,
  subscopeClosure,
} from './scope-expansion';

const ALICE: ScopeOwner = { kind: 'user', name: 'alice' };
const GRADER: ScopeOwner = { kind: 'service', name: 'grader' };
const HUB: OAuthClientRef = { identifier: 'jupyterhub' };
const ALICE_LAB: OAuthClientRef = {
  identifier: 'jupyterhub-user-alice-lab',
  spawner: { user: 'alice', server: 'lab' },
};
const ALICE_DEFAULT: OAuthClientRef = {
  identifier: 'jupyterhub-user-alice',
  spawner: { user: 'alice', server: '' },
};
const GRADER_CLIENT: OAuthClientRef = { identifier: 'service-grader', service: 'grader' };
const FORMGRADER_CLIENT: OAuthClientRef = {
  identifier: 'service-formgrader',
  service: 'formgrader',
};

/** Section 4.2, written out: what `self` gives user alice. */
const ALICE_SELF = [
  'access:servers!user=alice',
  'delete:servers!user=alice',
  'read:servers!user=alice',
  'read:shares!user=alice',
  'read:tokens!user=alice',
  'read:users!user=alice',
  'read:users:activity!user=alice',
  'read:users:groups!user=alice',
  'read:users:name!user=alice',
  'read:users:shares!user=alice',
  'servers!user=alice',
  'start:servers!user=alice',
  'tokens!user=alice',
  'users:activity!user=alice',
  'users:shares!user=alice',
];

describe('self', () => {
  it('expands for a user to the section 4.2 list, filtered to that user', () => {
    expect(selfScopes('alice')).toEqual(ALICE_SELF);
    expect(expandScopes(['self'], ALICE)).toEqual(ALICE_SELF);
  });

  it.each<[string, ScopeOwner | undefined]>([
    ['a service', GRADER],
    ['no owner', undefined],
  ])('expands to nothing for %s', (_case, owner) => {
    expect(expandScopes(['self'], owner)).toEqual([]);
  });

  it('merges with other scopes, unfiltered ones absorbing self scopes', () => {
    const expanded = expandScopes(['self', 'read:users'], ALICE);
    expect(expanded).toContain('read:users');
    expect(expanded).toContain('read:users:name');
    expect(expanded).not.toContain('read:users!user=alice');
    expect(expanded).not.toContain('read:users:name!user=alice');
    expect(expanded).toContain('tokens!user=alice');
  });

  it('equals the same scopes written with bare !user filters', () => {
    const bare = ALICE_SELF.map((s) => s.replace('!user=alice', '!user'));
    expect(expandScopes(bare, ALICE)).toEqual(ALICE_SELF);
  });
});

describe('bare filters', () => {
  it.each<[string, string[], ScopeOwner | undefined, OAuthClientRef | undefined, string[]]>([
    [
      '!user from a user owner',
      ['read:users:name!user'],
      ALICE,
      HUB,
      ['read:users:name!user=alice'],
    ],
    [
      '!user with subscopes',
      ['users:activity!user'],
      ALICE,
      HUB,
      ['read:users:activity!user=alice', 'users:activity!user=alice'],
    ],
    ['!user without a user owner is dropped', ['read:users:name!user'], GRADER, undefined, []],
    ['!user without any owner is dropped', ['read:users:name!user'], undefined, undefined, []],
    [
      '!service from a service owner',
      ['access:services!service'],
      GRADER,
      HUB,
      ['access:services!service=grader'],
    ],
    [
      '!service from the issuing service client',
      ['access:services!service'],
      ALICE,
      GRADER_CLIENT,
      ['access:services!service=grader'],
    ],
    [
      '!service: the issuing client wins over the owning service',
      ['access:services!service'],
      GRADER,
      FORMGRADER_CLIENT,
      ['access:services!service=formgrader'],
    ],
    [
      '!service for a user token of the hub client is dropped',
      ['access:services!service'],
      ALICE,
      HUB,
      [],
    ],
    [
      '!server from the issuing spawner client',
      ['access:servers!server'],
      ALICE,
      ALICE_LAB,
      ['access:servers!server=alice/lab'],
    ],
    [
      '!server of the default server ends in a slash',
      ['access:servers!server'],
      ALICE,
      ALICE_DEFAULT,
      ['access:servers!server=alice/'],
    ],
    ['!server without a spawner client is dropped', ['access:servers!server'], ALICE, HUB, []],
    [
      '!server with a service client is dropped',
      ['access:servers!server'],
      ALICE,
      GRADER_CLIENT,
      [],
    ],
    [
      '!server drops read:user* subscopes',
      ['servers!server'],
      ALICE,
      ALICE_LAB,
      [
        'delete:servers!server=alice/lab',
        'read:servers!server=alice/lab',
        'servers!server=alice/lab',
        'start:servers!server=alice/lab',
      ],
    ],
    [
      'resolved and concrete filters together',
      ['users:activity!user', 'access:servers!server', 'read:users:name!user=bob'],
      ALICE,
      ALICE_DEFAULT,
      [
        'access:servers!server=alice/',
        'read:users:activity!user=alice',
        'read:users:name!user=bob',
        'users:activity!user=alice',
      ],
    ],
  ])('%s', (_case, raw, owner, client, expected) => {
    expect(expandScopes(raw, owner, client)).toEqual(expected);
  });
});

describe('expandScopes', () => {
  it.each<[string[], string[]]>([
    [['read:servers'], ['read:servers', 'read:users:name']],
    [['read:servers!server=a/x'], ['read:servers!server=a/x']],
    [['tokens!group=hobbits'], ['read:tokens!group=hobbits', 'tokens!group=hobbits']],
    [
      ['admin:groups', 'read:servers'],
      [
        'admin:groups',
        'delete:groups',
        'groups',
        'list:groups',
        'read:groups',
        'read:groups:name',
        'read:roles:groups',
        'read:servers',
        'read:users:name',
      ],
    ],
    [['access:services', 'access:services!service=x'], ['access:services']],
    [
      ['read:users!user=a', 'read:users:name'],
      [
        'read:users!user=a',
        'read:users:activity!user=a',
        'read:users:groups!user=a',
        'read:users:name',
      ],
    ],
    [['users:shares!server=a/'], ['users:shares!server=a/']],
    [['inherit'], ['inherit']],
    [[], []],
  ])('expands %j to %j', (raw, expected) => {
    expect(expandScopes(raw)).toEqual(expected);
  });

  it('is idempotent on expanded scopes', () => {
    const once = expandScopes(['self', 'shares!server=bob/', 'admin:servers!group=g'], ALICE);
    expect(expandScopes(once, ALICE)).toEqual(once);
  });

  it('hands out a fresh list each time, so callers cannot change remembered results', () => {
    expandScopes(['tokens'], ALICE).push('shutdown');
    expect(expandScopes(['tokens'], ALICE)).toEqual(['read:tokens', 'tokens']);
  });

  it('reads a one-shot iterable once', () => {
    function* raw() {
      yield 'read:hub';
      yield 'tokens!user';
    }
    expect(expandScopes(raw(), ALICE)).toEqual([
      'read:hub',
      'read:tokens!user=alice',
      'tokens!user=alice',
    ]);
  });

  it('never mixes up the expansions of owners whose names hold separators', () => {
    const odd: ScopeOwner = { kind: 'user', name: 'alice\u0000jupyterhub' };
    expect(expandScopes(['self'], ALICE, HUB)).toEqual(ALICE_SELF);
    expect(expandScopes(['self'], odd, HUB)).toEqual(selfScopes('alice\u0000jupyterhub'));
  });

  it.each(['read:user', 'all', 'custom:x'])('throws ScopeNotFoundError for %s', (scope) => {
    expect(() => expandScopes([scope])).toThrow(ScopeNotFoundError);
  });

  it('expands custom scopes through their custom subscopes, with filters', () => {
    const custom: CustomScopes = {
      'custom:grader:read': { description: 'read', subscopes: ['custom:grader:list'] },
      'custom:grader:list': { description: 'list' },
    };
    expect(expandScopes(['custom:grader:read!user'], ALICE, undefined, custom)).toEqual([
      'custom:grader:list!user=alice',
      'custom:grader:read!user=alice',
    ]);
  });
});

describe('identify and access scopes', () => {
  it.each<[ScopeOwner, string[]]>([
    [ALICE, ['read:users:groups!user=alice', 'read:users:name!user=alice']],
    [GRADER, ['read:services:name!service=grader']],
  ])('identify %j with %j', (owner, scopes) => {
    expect(identifyScopes(owner)).toEqual(scopes);
  });

  it.each<[OAuthClientRef, string[]]>([
    [HUB, []],
    [ALICE_DEFAULT, ['access:servers!server=alice/']],
    [ALICE_LAB, ['access:servers!server=alice/lab']],
    [GRADER_CLIENT, ['access:services!service=grader']],
    [{ identifier: 'orphan' }, []],
  ])('the client %j grants access with %j', (client, scopes) => {
    expect(accessScopes(client)).toEqual(scopes);
  });
});

describe('subscopeClosure', () => {
  const custom: CustomScopes = {
    'custom:z': { description: 'z', subscopes: ['custom:a'] },
    'custom:a': { description: 'a', subscopes: ['custom:z'] },
    'custom:broken': { description: 'unvalidated', subscopes: ['custom:missing'] },
  };

  it('lists the closure of a built-in scope sorted', () => {
    const closure = subscopeClosure('admin:users');
    expect(closure).toContain('read:users');
    expect(closure).toEqual([...closure].sort());
  });

  it('follows custom subscopes through a cycle, sorted', () => {
    expect(subscopeClosure('custom:z', custom)).toEqual(['custom:a', 'custom:z']);
  });

  it.each<[string, CustomScopes | undefined, string]>([
    ['custom:nope', custom, "Scope 'custom:nope' does not exist"],
    ['custom:broken', custom, "Scope 'custom:missing' does not exist"],
    ['read:nothing', undefined, "Scope 'read:nothing' does not exist"],
    ['all', undefined, "Draft scope 'all' is now called 'inherit'"],
  ])('refuses %s', (base, table, message) => {
    expect(() => subscopeClosure(base, table)).toThrow(new ScopeNotFoundError(message));
    expect(() => subscopeClosure(base, table)).toThrow(ScopeNotFoundError);
  });

  it("names JupyterHub's own OAuth client as JupyterHub does", () => {
    expect(HUB_CLIENT_ID).toBe('jupyterhub');
  });
});
