import { pythonRepr, pythonTypeRepr } from './python-values';

describe('pythonRepr', () => {
  it.each([
    [null, 'None'],
    [true, 'True'],
    [false, 'False'],
    [5, '5'],
    [1.5, '1.5'],
    ['abc', "'abc'"],
    ["it's", '"it\'s"'],
    ['both \' and "', "'both \\' and \"'"],
    ['a\\b\n', "'a\\\\b\\n'"],
    [[1, 'x'], "[1, 'x']"],
    [{ foo: 1, bar: [true, null] }, "{'foo': 1, 'bar': [True, None]}"],
    [{}, '{}'],
  ])('renders %j as %s', (value, expected) => {
    expect(pythonRepr(value)).toBe(expected);
  });
});

describe('pythonTypeRepr', () => {
  it.each([
    ['x', "<class 'str'>"],
    [1, "<class 'int'>"],
    [1.25, "<class 'float'>"],
    [false, "<class 'bool'>"],
    [null, "<class 'NoneType'>"],
    [[], "<class 'list'>"],
    [{}, "<class 'dict'>"],
  ])('names the Python type of %j', (value, expected) => {
    expect(pythonTypeRepr(value)).toBe(expected);
  });
});
