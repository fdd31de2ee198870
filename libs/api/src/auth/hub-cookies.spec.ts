import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  appendSetCookie,
  browserProtocol,
  LOGIN_COOKIE,
  SESSION_COOKIE,
  XSRF_COOKIE,
} from './hub-cookies';

function request(headers: Record<string, string | string[]>, protocol = 'http'): FastifyRequest {
  return { headers, protocol } as unknown as FastifyRequest;
}

/** Like Fastify's reply, `header('set-cookie', …)` appends to the cookies already set. */
function reply(initial?: string | string[]): FastifyReply & { headers: Map<string, unknown> } {
  const headers = new Map<string, unknown>();
  if (initial !== undefined) headers.set('set-cookie', initial);
  return {
    headers,
    getHeader: (name: string) => headers.get(name),
    removeHeader: (name: string) => headers.delete(name),
    header: (name: string, value: string[]) => {
      const current = headers.get(name);
      headers.set(name, name === 'set-cookie' && current ? [current, value].flat() : value);
    },
  } as unknown as FastifyReply & { headers: Map<string, unknown> };
}

it("uses JupyterHub's cookie names, which its single-user servers and services read", () => {
  expect([LOGIN_COOKIE, SESSION_COOKIE, XSRF_COOKIE]).toEqual([
    'jupyterhub-hub-login',
    'jupyterhub-session-id',
    '_xsrf',
  ]);
});

describe('browserProtocol', () => {
  it.each([
    ['the socket when no proxy says otherwise', {}, 'http', 'http'],
    [
      'Forwarded proto of the outermost proxy',
      { forwarded: 'for=1.2.3.4;proto=https, proto=http' },
      'http',
      'https',
    ],
    [
      'Forwarded proto after other pairs, case-insensitively',
      { forwarded: 'For=x; Proto=HTTPS' },
      'http',
      'https',
    ],
    ['Forwarded over X-Scheme', { forwarded: 'proto=https', 'x-scheme': 'http' }, 'http', 'https'],
    [
      'X-Scheme when Forwarded has no proto',
      { forwarded: 'for=1.2.3.4', 'x-scheme': 'https' },
      'http',
      'https',
    ],
    [
      'X-Scheme over X-Forwarded-Proto',
      { 'x-scheme': 'https', 'x-forwarded-proto': 'http' },
      'http',
      'https',
    ],
    [
      'the first X-Forwarded-Proto item, trimmed',
      { 'x-forwarded-proto': ' HTTPS , http' },
      'http',
      'https',
    ],
    ['the first of repeated headers', { 'x-forwarded-proto': ['https', 'http'] }, 'http', 'https'],
    ['the socket when the header is empty', { 'x-forwarded-proto': '' }, 'https', 'https'],
    ['not a proto= inside another pair', { forwarded: 'by=xproto=https' }, 'http', 'http'],
  ])('takes %s', (_name, headers, socket, expected) => {
    expect(browserProtocol(request(headers, socket))).toBe(expected);
  });
});

describe('appendSetCookie', () => {
  it('sets the first cookie as a one-item list', () => {
    const r = reply();
    appendSetCookie(r, 'a=1');
    expect(r.headers.get('set-cookie')).toEqual(['a=1']);
  });

  it('keeps a cookie already set as a string', () => {
    const r = reply('a=1');
    appendSetCookie(r, 'b=2');
    expect(r.headers.get('set-cookie')).toEqual(['a=1', 'b=2']);
  });

  it('keeps every cookie already set as a list', () => {
    const r = reply(['a=1', 'b=2']);
    appendSetCookie(r, 'c=3');
    expect(r.headers.get('set-cookie')).toEqual(['a=1', 'b=2', 'c=3']);
  });
});
