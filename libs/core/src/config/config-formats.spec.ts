import {
  checkCustomScope,
  checkHttpUrl,
  checkPep440,
  checkRoleName,
  checkSubdomainHost,
  withScheme,
  withSlashes,
} from './config-formats';

describe.each<[string, (value: string) => string | null, string[], string[]]>([
  [
    'checkPep440',
    checkPep440,
    ['5.4.0', '6.0.0b2', '5.4.0rc1', '1!2.0', '5.4.0.post1', '5.4.0.dev3', '5.4.0+orrery.1', '5'],
    ['v5.4.0', '5.4.0-beta', '5.4.', '05.4.0', '5.4.0+', 'latest', ''],
  ],
  [
    'checkHttpUrl',
    checkHttpUrl,
    [
      'http://:8000',
      'http://127.0.0.1:8081',
      'https://hub.example.org/',
      'http://[::1]:8001',
      'http://hub',
    ],
    ['ftp://host', '127.0.0.1:8000', 'http://a b', 'http://host:port', ''],
  ],
  [
    'checkRoleName',
    checkRoleName,
    ['graders', 'course-101.tas', 'a~b'],
    ['Graders', 'ab', '1role', 'role-', 'has space'],
  ],
  [
    'checkCustomScope',
    checkCustomScope,
    ['custom:grades:read', 'custom:ab1', 'custom:x-y_z:*'],
    ['grades', 'custom:', 'custom:A', 'custom:a:', 'custom:a1', 'read:users'],
  ],
  [
    'checkSubdomainHost',
    checkSubdomainHost,
    ['https://hub.example.org', 'http://hub.test:8000', 'https://hub.example.org/'],
    ['ftp://hub.example.org', 'https://hub.example.org/base/', 'https://u:p@hub.test', 'x'],
  ],
])('%s', (_name, check, valid, invalid) => {
  it.each(valid)('accepts %j', (value) => {
    expect(check(value)).toBeNull();
  });
  it.each(invalid)('rejects %j', (value) => {
    expect(check(value)).toEqual(expect.any(String));
  });
});

describe('withSlashes', () => {
  it.each([
    ['/', '/'],
    ['', '/'],
    ['course', '/course/'],
    ['/course', '/course/'],
    ['course/', '/course/'],
  ])('turns %j into %j', (value, expected) => {
    expect(withSlashes(value)).toBe(expected);
  });
});

describe('withScheme', () => {
  it.each([
    ['hub.example.org', 'https://hub.example.org'],
    ['http://hub.test:8000/', 'http://hub.test:8000'],
    ['https://hub.example.org', 'https://hub.example.org'],
  ])('turns %j into %j, as JupyterHub assumes https', (value, expected) => {
    expect(withScheme(value)).toBe(expected);
  });
});
