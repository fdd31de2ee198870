import { HubError } from '@orrery/core';
import {
  checkGroupName,
  parseCreateGroup,
  parseCreateGroups,
  parseGroupUsers,
  parseProperties,
} from './group-requests';

function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return { status: (error as HubError).status, message: (error as HubError).hubMessage };
  }
}

const MUST_SPECIFY = { status: 400, message: 'Must specify at least one group to create' };

describe('parseCreateGroups (POST /groups)', () => {
  it.each([
    [{ groups: ['a', 'b'] }, { names: ['a', 'b'], users: [] }],
    [
      { groups: ['a'], users: ['u'], roles: [], name: 'ignored' },
      { names: ['a'], users: ['u'] },
    ],
    [undefined, MUST_SPECIFY],
    [{}, MUST_SPECIFY],
    [{ groups: [] }, MUST_SPECIFY],
    [{ groups: '' }, MUST_SPECIFY],
    [['a'], MUST_SPECIFY],
    [
      { groups: 'ab' },
      { status: 400, message: "group.groups must be <class 'list'>, not: <class 'str'>" },
    ],
    [{ groups: [1] }, { status: 400, message: "group names must be str, not <class 'int'>" }],
    [{ groups: [''] }, { status: 400, message: "Invalid group name: ''" }],
    [
      { groups: ['a'], users: [true] },
      { status: 400, message: "usernames must be str, not <class 'bool'>" },
    ],
    [
      { groups: ['a'], extra: 1 },
      { status: 400, message: "Invalid JSON keys: {'extra': 1}" },
    ],
  ])('parses %j', (body, expected) => {
    expect(outcome(() => parseCreateGroups(body))).toEqual(expected);
  });
});

describe('parseCreateGroup, parseGroupUsers, parseProperties', () => {
  it.each([
    [undefined, { users: [] }],
    [null, { users: [] }],
    [{}, { users: [] }],
    [{ users: ['u'] }, { users: ['u'] }],
    [[], { status: 400, message: 'Invalid JSON data: []' }],
  ])('parseCreateGroup parses %j', (body, expected) => {
    expect(outcome(() => parseCreateGroup(body))).toEqual(expected);
  });

  it.each([
    [{ users: ['u'] }, 'add', ['u']],
    [{ users: [] }, 'delete', []],
    [{}, 'add', { status: 400, message: 'Must specify users to add' }],
    [{ roles: [] }, 'delete', { status: 400, message: 'Must specify users to delete' }],
    [undefined, 'add', { status: 400, message: 'Invalid JSON data: None' }],
  ] as const)('parseGroupUsers parses %j for %s', (body, action, expected) => {
    expect(outcome(() => parseGroupUsers(body, action))).toEqual(expected);
  });

  it.each([
    [{}, {}],
    [{ a: [1] }, { a: [1] }],
    [[], { status: 400, message: 'Must specify properties' }],
    [undefined, { status: 400, message: 'Must specify properties' }],
    ['x', { status: 400, message: 'Must specify properties' }],
  ])('parseProperties parses %j', (body, expected) => {
    expect(outcome(() => parseProperties(body))).toEqual(expected);
  });

  it.each([
    ['a', true],
    ['with space/and slash', true],
    ['x'.repeat(255), true],
    ['x'.repeat(256), false],
    ['', false],
  ])('checkGroupName accepts %j: %s', (name, valid) => {
    expect(outcome(() => checkGroupName(name)) === undefined).toBe(valid);
  });
});
