import {
  isJsonObject,
  pythonRepr,
  pythonTruthy,
  pythonTypeName,
  pythonTypeRepr,
} from './python-values';

describe('pythonRepr', () => {
  it.each([
    [null, 'None'],
    [undefined, 'None'],
    [true, 'True'],
    [false, 'False'],
    [5, '5'],
    [1.5, '1.5'],
    [-1.5, '-1.5'],
    [1e-7, '1e-07'],
    ['abc', "'abc'"],
    ["it's", '"it\'s"'],
    ['both \' and "', "'both \\' and \"'"],
    ['a\\b\n', "'a\\\\b\\n'"],
    ['tab\there\r', "'tab\\there\\r'"],
    ['\u0001', "'\\x01'"],
    ['naïve', "'naïve'"],
    [[1, 'x', null], "[1, 'x', None]"],
    [[], '[]'],
    [{ foo: 1, bar: [true, null] }, "{'foo': 1, 'bar': [True, None]}"],
    [{ a: [true], b: {} }, "{'a': [True], 'b': {}}"],
    [{ "it's": 'x' }, "{\"it's\": 'x'}"],
    [{}, '{}'],
  ])('renders %p as %s', (value, expected) => {
    expect(pythonRepr(value)).toBe(expected);
  });
});

describe('pythonTypeName, pythonTypeRepr, pythonTruthy and isJsonObject', () => {
  it.each([
    ['x', 'str', true, false],
    ['', 'str', false, false],
    [' ', 'str', true, false],
    [1, 'int', true, false],
    [0, 'int', false, false],
    [2.5, 'float', true, false],
    [true, 'bool', true, false],
    [false, 'bool', false, false],
    [null, 'NoneType', false, false],
    [[], 'list', false, false],
    [[0], 'list', true, false],
    [{}, 'dict', false, true],
    [{ a: 1 }, 'dict', true, true],
  ])('%p is a %s, truthy=%s, object=%s', (value, type, truthy, object) => {
    expect(pythonTypeName(value)).toBe(type);
    expect(pythonTypeRepr(value)).toBe(`<class '${type}'>`);
    expect(pythonTruthy(value)).toBe(truthy);
    expect(isJsonObject(value)).toBe(object);
  });
});
