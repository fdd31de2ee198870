import { HubError } from '@orrery/core';
import { checkModel, checkStrings } from './json-model-check';

function errorOf(run: () => void): { status: number; message: string | null } | null {
  try {
    run();
    return null;
  } catch (error) {
    const hubError = error as HubError;
    return { status: hubError.status, message: hubError.hubMessage };
  }
}

describe('checkModel', () => {
  const types = { name: 'str', users: 'list', admin: 'bool', info: 'dict' } as const;
  it.each([
    [{}, null],
    [{ name: 'x', users: [], admin: false, info: {} }, null],
    [null, { status: 400, message: 'Invalid JSON data: None' }],
    [['x'], { status: 400, message: "Invalid JSON data: ['x']" }],
    [{ colour: 1 }, { status: 400, message: "Invalid JSON keys: {'colour': 1}" }],
    [
      { users: 'x' },
      { status: 400, message: "group.users must be <class 'list'>, not: <class 'str'>" },
    ],
    [
      { admin: 1 },
      { status: 400, message: "group.admin must be <class 'bool'>, not: <class 'int'>" },
    ],
    [
      { info: [] },
      { status: 400, message: "group.info must be <class 'dict'>, not: <class 'list'>" },
    ],
    [
      { name: null },
      { status: 400, message: "group.name must be <class 'str'>, not: <class 'NoneType'>" },
    ],
  ])('checks %j', (model, expected) => {
    expect(errorOf(() => checkModel(model, types, 'group'))).toEqual(expected);
  });

  it.each([
    [['a', 'b'], null],
    [[], null],
    [['a', 2], { status: 400, message: "usernames must be str, not <class 'int'>" }],
    [[null], { status: 400, message: "usernames must be str, not <class 'NoneType'>" }],
  ])('checks that %j holds only strings', (values, expected) => {
    expect(errorOf(() => checkStrings(values, 'usernames'))).toEqual(expected);
  });
});
