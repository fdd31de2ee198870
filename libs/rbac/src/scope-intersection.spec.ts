import { checkScopes, intersectScopes, MembersOf } from './scope-intersection';

function groups(members: Record<string, string[]>): MembersOf {
  return (group) => new Set(members[group] ?? []);
}

describe('section 19.2 worked cases (server side, no group resolution)', () => {
  const required = ['access:servers!server=alice/', 'access:servers!user=alice'];

  it.each<[string, boolean]>([
    ['access:servers!server=alice/', true],
    ['access:servers!user=alice', true],
    ['access:servers', true],
    ['access:servers!server=alice/lab1', false],
    ['access:servers!group=staff', false],
  ])('/hub/api/user returning %s is allowed: %s', (returned, allowed) => {
    expect(checkScopes(required, [returned]).length > 0).toBe(allowed);
  });

  it.each<[string, boolean]>([
    ['access:services', true],
    ['access:services!service=grader', true],
    ['access:services!service=other', false],
  ])('a service requiring access sees %s as allowed: %s', (returned, allowed) => {
    const serviceRequired = ['access:services', 'access:services!service=grader'];
    expect(checkScopes(serviceRequired, [returned]).length > 0).toBe(allowed);
  });

  it('intersects alice/lab1 against user=alice, which the literal check then refuses', () => {
    expect(intersectScopes(required, ['access:servers!server=alice/lab1'])).toEqual([
      'access:servers!server=alice/lab1',
    ]);
  });

  it('turns a group filter into the concrete server when the hub resolves groups', () => {
    expect(
      intersectScopes(
        ['access:servers!server=alice/'],
        ['access:servers!group=staff'],
        groups({ staff: ['alice'] }),
      ),
    ).toEqual(['access:servers!server=alice/']);
  });
});

/** Cases of JupyterHub's test_intersect_expanded_scopes; each is checked both ways round. */
const WITHOUT_GROUPS: [string, string[], string[], string[]][] = [
  ['both empty', [], [], []],
  ['one side empty', [], ['users'], []],
  ['users and groups on one side only', ['users!user=x', 'users!group=y'], [], []],
  [
    'the same user on both sides',
    ['users!user=x', 'users!user=y', 'users!group=y'],
    ['users!user=x'],
    ['users!user=x'],
  ],
  [
    'users and groups on both sides',
    ['users!user=x', 'users!group=y'],
    ['users!user=x', 'users!group=y', 'users!user=z'],
    ['users!group=y', 'users!user=x'],
  ],
  [
    'a group that may hold the user, unresolved',
    ['users!group=y', 'users!user=z'],
    ['users!user=x'],
    [],
  ],
  [
    'a group that may hold the server, unresolved',
    ['users!group=y', 'users!user=z'],
    ['users!server=x/y'],
    [],
  ],
  [
    'a server under a user of the other side',
    ['users!group=y', 'users!user=x'],
    ['users!server=x/y'],
    ['users!server=x/y'],
  ],
  [
    'server under user',
    ['read:servers!user=abc'],
    ['read:servers!server=abc/xyz'],
    ['read:servers!server=abc/xyz'],
  ],
  ['server of another user', ['read:servers!user=abc'], ['read:servers!server=abcd/xyz'], []],
  [
    'unfiltered yields the other side',
    ['read:users'],
    ['read:users!user=a', 'read:users!group=g'],
    ['read:users!group=g', 'read:users!user=a'],
  ],
  ['different bases never meet', ['read:users'], ['read:users:name'], []],
  ['different services', ['access:services!service=a'], ['access:services!service=b'], []],
];

/** Cases of JupyterHub's test_intersect_groups, resolved with group members. */
const WITH_GROUPS: [string, string[], string[], string[], Record<string, string[]>][] = [
  [
    'a member of the group',
    ['users!group=gx'],
    ['users!user=ux'],
    ['users!user=ux'],
    { gx: ['ux'] },
  ],
  ['a user outside the group', ['read:users!group=gx'], ['read:users!user=nosuchuser'], [], {}],
  [
    'a server outside the group',
    ['read:users!group=gx'],
    ['read:users!server=nosuchuser/server'],
    [],
    {},
  ],
  [
    'a server of a member',
    ['read:users!group=gx'],
    ['read:users!server=ux/server'],
    ['read:users!server=ux/server'],
    { gx: ['ux'] },
  ],
  [
    'only the member of the right group (x)',
    ['read:users!group=gx'],
    ['read:users!server=ux/server', 'read:users!user=uy'],
    ['read:users!server=ux/server'],
    { gx: ['ux'], gy: ['uy'] },
  ],
  [
    'only the member of the right group (y)',
    ['read:users!group=gy'],
    ['read:users!server=ux/server', 'read:users!user=uy'],
    ['read:users!user=uy'],
    { gx: ['ux'], gy: ['uy'] },
  ],
  [
    'the group > user > server hierarchy',
    ['read:servers!server=ux/server', 'read:servers!group=gy'],
    ['read:servers!server=uy/server', 'read:servers!user=ux'],
    ['read:servers!server=ux/server', 'read:servers!server=uy/server'],
    { gx: ['ux'], gy: ['uy'] },
  ],
  [
    'the group > user hierarchy',
    ['read:servers!user=ux', 'read:servers!group=gy'],
    ['read:servers!user=uy', 'read:servers!group=gx'],
    ['read:servers!user=ux', 'read:servers!user=uy'],
    { gx: ['ux'], gy: ['uy'] },
  ],
];

describe('intersectScopes', () => {
  it.each(WITHOUT_GROUPS)('%s', (_case, left, right, expected) => {
    expect(intersectScopes(left, right)).toEqual(expected);
    expect(intersectScopes(right, left)).toEqual(expected);
  });

  it.each(WITH_GROUPS)('with groups: %s', (_case, left, right, expected, members) => {
    expect(intersectScopes(left, right, groups(members))).toEqual(expected);
    expect(intersectScopes(right, left, groups(members))).toEqual(expected);
  });

  it('keeps group filters held by both sides without asking for members', () => {
    const membersOf = jest.fn(groups({}));
    expect(intersectScopes(['read:users!group=g'], ['read:users!group=g'], membersOf)).toEqual([
      'read:users!group=g',
    ]);
    expect(membersOf).not.toHaveBeenCalled();
  });

  it('does not resolve groups without membersOf, even for members', () => {
    expect(intersectScopes(['users!group=gx'], ['users!user=ux'])).toEqual([]);
  });
});
