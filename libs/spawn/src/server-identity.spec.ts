import { serverClientId, serverPrefix, serverTokenScopes } from './server-identity';
import { isValidDisplayName, isValidServerName } from './server-names';

describe('server names (JupyterHub 6)', () => {
  it.each([
    ['gpu', true],
    ['my-server-2', true],
    ['a'.repeat(30), true],
    ['a'.repeat(31), false],
    ['2fast', false],
    ['-lead', false],
    ['trail-', false],
    ['double--hyphen', false],
    ['Upper', false],
    ['with space', false],
    ['', false],
  ])('accepts %j as a new server name: %s', (name, valid) => {
    expect(isValidServerName(name)).toBe(valid);
  });

  it.each([
    ['My Server', true],
    ['Ünïcødé 🚀', true],
    [' leading', false],
    ['trailing ', false],
    ['two  spaces', false],
    ['tab\there', false],
    ['', false],
    ['x'.repeat(256), false],
  ])('accepts %j as a display name: %s', (name, valid) => {
    expect(isValidDisplayName(name)).toBe(valid);
  });
});

describe('server identity', () => {
  it.each([
    ['alice', '', 'jupyterhub-user-alice'],
    ['alice', 'gpu', 'jupyterhub-user-alice-gpu'],
    ['a@b.c', '', 'jupyterhub-user-a%40b.c'],
    ['x~y z', '', 'jupyterhub-user-x~y%20z'],
  ])('names the OAuth client of %s/%s %s (Python quote, safe "/")', (user, server, id) => {
    expect(serverClientId(user, server)).toBe(id);
  });

  it('escapes names in server prefixes as JupyterHub does (safe "@~")', () => {
    expect(serverPrefix('/', 'a@b c', '')).toBe('/user/a@b%20c/');
    expect(serverPrefix('/base/', 'alice', 'gpu')).toBe('/base/user/alice/gpu/');
  });

  it('resolves a bare !server filter to this server and adds activity reporting', () => {
    expect(serverTokenScopes(['access:servers!server'], 'alice', 'gpu')).toEqual([
      'access:servers!server=alice/gpu',
      'users:activity!user',
    ]);
  });

  it.each([['users:activity'], ['inherit'], ['users:activity!user']])(
    'adds no activity scope when %s is requested',
    (scope) => {
      expect(serverTokenScopes([scope], 'alice', '')).toEqual([scope]);
    },
  );
});
