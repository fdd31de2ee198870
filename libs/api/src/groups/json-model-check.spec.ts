import { HubError } from '@orrery/core';
import {
  checkModel,
  checkStrings,
  pythonClass,
  pythonRepr,
  pythonTruthy,
} from './json-model-check';

function errorOf(run: () => void): { status: number; message: string | null } | null {
  try {
    run();
    return null;
  } catch (error) {
    const hubError = error as HubError;
    return { status: hubError.status, message: hubError.hubMessage };
  }
}

describe('pythonRepr', () => {
  it.each([
    [null, 'None'],
    [true, 'True'],
    [false, 'False'],
    [3, '3'],
    [1.5, '1.5'],
    ['a', "'a'"],
    ["it's", '"it\'s"'],
    ['both \' and "', "'both \\' and \"'"],
    ['line\nbreak\\', "'line\\nbreak\\\\'"],
    [[1, 'x', null], "[1, 'x', None]"],
    [{ users: ['a'], admin: true }, "{'users': ['a'], 'admin': True}"],
    [{}, '{}'],
  ])('prints %j as %s', (value, expected) => {
    expect(pythonRepr(value)).toBe(expected);
  });
});

describe('pythonClass and pythonTruthy', () => {
  it.each([
    ['x', "<class 'str'>", true],
    ['', "<class 'str'>", false],
    [0, "<class 'int'>", false],
    [2.5, "<class 'float'>", true],
    [false, "<class 'bool'>", false],
    [null, "<class 'NoneType'>", false],
    [[], "<class 'list'>", false],
    [[0], "<class 'list'>", true],
    [{}, "<class 'dict'>", false],
    [{ a: 1 }, "<class 'dict'>", true],
  ])('%j is %s and truthy=%s', (value, className, truthy) => {
    expect(pythonClass(value)).toBe(className);
    expect(pythonTruthy(value)).toBe(truthy);
  });
});

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
