import { clearedCookie, cookieValues, serializeCookie } from './cookie-header';

describe('cookieValues', () => {
  it.each([
    [undefined, 'a', []],
    ['', 'a', []],
    ['a=1', 'a', ['1']],
    ['b=2; a=1', 'a', ['1']],
    ['a=1; a=2', 'a', ['1', '2']],
    ['ab=1; a=2', 'a', ['2']],
    ['a="quoted"', 'a', ['quoted']],
    ['a=x=y', 'a', ['x=y']],
    ['noequals; a=3', 'a', ['3']],
  ])('reads %p for %s', (header, name, expected) => {
    expect(cookieValues(header, name)).toEqual(expected);
  });
});

describe('serializeCookie', () => {
  it('writes every attribute the hub uses', () => {
    expect(
      serializeCookie('jupyterhub-hub-login', 'v|1|ab', {
        path: '/hub/',
        httpOnly: true,
        secure: true,
        sameSite: 'Lax',
        maxAgeSeconds: 60,
      }),
    ).toBe('jupyterhub-hub-login=v|1|ab; Max-Age=60; Path=/hub/; Secure; HttpOnly; SameSite=Lax');
  });

  it('marks a cross-site cookie Partitioned (CHIPS)', () => {
    expect(
      serializeCookie('jupyterhub-hub-login', 'v', {
        path: '/hub/',
        secure: true,
        sameSite: 'None',
        partitioned: true,
      }),
    ).toBe('jupyterhub-hub-login=v; Path=/hub/; Secure; SameSite=None; Partitioned');
  });

  it('refuses values a cookie cannot hold', () => {
    expect(() => serializeCookie('a', 'x;y', { path: '/' })).toThrow();
  });

  it('clears a cookie on its path', () => {
    expect(clearedCookie('_xsrf', '/hub/')).toBe(
      '_xsrf=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/hub/',
    );
  });
});
