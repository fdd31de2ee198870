import { urlEscapePath } from './url-escape';

describe('urlEscapePath', () => {
  it.each([
    ['alice', 'alice'],
    ['a@b.org', 'a@b.org'],
    ['a b', 'a%20b'],
    ["o'brien(x)*!", 'o%27brien%28x%29%2A%21'],
    ['ü~_.-', '%C3%BC~_.-'],
    ['a/b', 'a%2Fb'],
  ])('escapes %s as %s', (input, expected) => {
    expect(urlEscapePath(input)).toBe(expected);
  });
});
