import { HubError } from '@orrery/core';
import { checkUserModel, invalidUsernamesMessage, normalizeUsername } from './user-body';

function messageOf(run: () => unknown): string | null {
  try {
    run();
  } catch (error) {
    return (error as HubError).hubMessage;
  }
  return null;
}

describe('checkUserModel', () => {
  it.each([
    [{}, null],
    [{ name: 'x', admin: true, groups: [], roles: [], auth_state: {} }, null],
    [null, 'Invalid JSON data: None'],
    [undefined, 'Invalid JSON data: None'],
    [[1], 'Invalid JSON data: [1]'],
    ['abc', "Invalid JSON data: 'abc'"],
    [{ admin: true, foo: 1 }, "Invalid JSON keys: {'admin': True, 'foo': 1}"],
    [{ admin: 'yes' }, "user.admin must be <class 'bool'>, not: <class 'str'>"],
    [{ name: 5 }, "user.name must be <class 'str'>, not: <class 'int'>"],
    [{ groups: 'staff' }, "user.groups must be <class 'list'>, not: <class 'str'>"],
    [{ auth_state: [] }, "user.auth_state must be <class 'dict'>, not: <class 'list'>"],
    [{ auth_state: null }, "user.auth_state must be <class 'dict'>, not: <class 'NoneType'>"],
  ])('checks %j (message %p)', (body, expected) => {
    expect(messageOf(() => checkUserModel(body))).toBe(expected);
  });
});

describe('user names', () => {
  it('normalizes like the default authenticator (lower case)', () => {
    expect(normalizeUsername('Alice')).toBe('alice');
  });

  it.each([
    [['x'], 'Invalid username: x'],
    [[' a', 'b/c'], 'Invalid usernames:  a, b/c'],
  ])('words invalid names %j', (names, expected) => {
    expect(invalidUsernamesMessage(names)).toBe(expected);
  });
});
