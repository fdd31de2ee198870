import { pythonRepr, pythonTypeName } from './python-repr';

describe('pythonRepr', () => {
  it.each([
    [null, 'None'],
    [true, 'True'],
    [false, 'False'],
    [5, '5'],
    [-1.5, '-1.5'],
    [1e-7, '1e-07'],
    ['abc', "'abc'"],
    ["it's", '"it\'s"'],
    ['both \' and "', "'both \\' and \"'"],
    ['tab\there\n', "'tab\\there\\n'"],
    ['back\\slash', "'back\\\\slash'"],
    ['\u0001', "'\\x01'"],
    ['naïve', "'naïve'"],
    [[1, 'a', null], "[1, 'a', None]"],
    [{ a: [true], b: {} }, "{'a': [True], 'b': {}}"],
    [[], '[]'],
  ])('renders %p as %s', (value, expected) => {
    expect(pythonRepr(value)).toBe(expected);
  });
});

describe('pythonTypeName', () => {
  it.each([
    [null, 'NoneType'],
    [false, 'bool'],
    [3, 'int'],
    [3.5, 'float'],
    ['x', 'str'],
    [[1], 'list'],
    [{}, 'dict'],
  ])('names the type of %p %s', (value, expected) => {
    expect(pythonTypeName(value)).toBe(expected);
  });
});
