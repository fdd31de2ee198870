import { groupsAtPath, valueAtPath } from './claim-path';
import { groupVerdict } from './group-rules';

describe('valueAtPath', () => {
  const data = { login: 'a', 'a.b': 1, realm: { roles: ['x'] }, deep: { a: { b: 'c' } } };
  it.each([
    ['login', 'a'],
    ['a.b', 1],
    ['realm.roles', ['x']],
    ['deep.a.b', 'c'],
    ['deep.z.b', undefined],
    ['login.x', undefined],
  ])('%s', (path, expected) => expect(valueAtPath(data, path)).toEqual(expected));
});

describe('groupsAtPath', () => {
  it('answers sorted unique names, or null for anything but a list of text', () => {
    expect(groupsAtPath({ g: ['b', 'a', 'b'] }, 'g')).toEqual(['a', 'b']);
    expect(groupsAtPath({ g: 'a' }, 'g')).toBeNull();
    expect(groupsAtPath({ g: [1] }, 'g')).toBeNull();
    expect(groupsAtPath({}, 'g')).toBeNull();
  });
});

describe('groupVerdict', () => {
  const rules = { allowed_groups: ['staff'], admin_groups: ['ops'] };
  it.each([
    [['staff'], { allowed: true, admin: false }],
    [['ops'], { allowed: true, admin: true }],
    [['other'], { allowed: false, admin: false }],
  ])('%j', (groups, expected) => expect(groupVerdict(groups, rules)).toEqual(expected));

  it('leaves admin unchanged when admin_groups is not set', () => {
    expect(groupVerdict(['x'], { allowed_groups: [], admin_groups: [] })).toEqual({
      allowed: false,
      admin: undefined,
    });
  });
});
