import type { LoginCookie, LoginRequest, UserDirectory } from '@orrery/auth';
import {
  clearedCookie,
  cookieValues,
  serializeCookie,
  signCookieValue,
  verifyCookieValue,
} from '@orrery/core';
import type { FastifyRequest } from 'fastify';

/** Authenticator cookies are namespaced, so no authenticator can set or read the hub's own. */
const COOKIE_PREFIX = 'orrery-login-';

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The origin the browser used: what an LTI consumer signed and an OAuth redirect must match. */
export function browserOrigin(request: FastifyRequest, protocol: string): string {
  // a proxy chain lists hosts comma-separated, the browser's first
  const forwarded = firstHeader(request.headers['x-forwarded-host'])?.split(',')[0].trim();
  const host = forwarded ?? request.headers.host ?? '';
  return `${protocol}://${host}`;
}

/** A parsed form body (see libs/api json-body) as first values and as ordered pairs. */
function formOf(body: unknown): { form: Record<string, string>; pairs: [string, string][] } {
  const form: Record<string, string> = {};
  const pairs: [string, string][] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body)) return { form, pairs };
  for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
    const values = (Array.isArray(raw) ? raw : [raw]).filter(
      (value): value is string => typeof value === 'string',
    );
    if (values.length > 0) form[key] = values[0];
    for (const value of values) pairs.push([key, value]);
  }
  return { form, pairs };
}

export interface LoginCookieJar {
  secret: Buffer;
  nowSeconds: number;
  /** Set-Cookie options for a cookie on the hub prefix (SameSite and Secure as the hub's). */
  options: (maxAgeSeconds: number) => Parameters<typeof serializeCookie>[2];
  hubPrefix: string;
}

/** The authenticator's view of a request to one of its routes. */
export function loginRequest(
  request: FastifyRequest,
  protocol: string,
  jar: LoginCookieJar,
  loggedInAs: string | null,
  users: UserDirectory,
): LoginRequest {
  const { form, pairs } = request.method === 'POST' ? formOf(request.body) : formOf(undefined);
  return {
    method: request.method,
    url: new URL(request.url, browserOrigin(request, protocol)),
    form,
    formPairs: pairs,
    header: (name) => firstHeader(request.headers[name.toLowerCase()]),
    hubPrefix: jar.hubPrefix,
    loggedInAs,
    users,
    cookie: (name) => {
      const full = COOKIE_PREFIX + name;
      for (const value of cookieValues(request.headers.cookie, full)) {
        // one day bounds what an authenticator cookie can be worth; their max-age is shorter
        const verified = verifyCookieValue(jar.secret, full, value, jar.nowSeconds, 1);
        if (verified !== null) return verified;
      }
      return null;
    },
  };
}

/** Set-Cookie headers for the cookies a login step asks for, signed with the cookie secret. */
export function loginCookieHeaders(cookies: readonly LoginCookie[], jar: LoginCookieJar): string[] {
  return cookies.map((cookie) => {
    const full = COOKIE_PREFIX + cookie.name;
    if (cookie.value === null) return clearedCookie(full, jar.hubPrefix);
    const signed = signCookieValue(jar.secret, full, cookie.value, jar.nowSeconds);
    return serializeCookie(full, signed, jar.options(cookie.maxAgeSeconds));
  });
}
