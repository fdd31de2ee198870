/** Reading the Cookie header and writing Set-Cookie, for the few cookies the hub uses. */

/**
 * Every value of `name` in a Cookie header, in order. Browsers may send one name several times
 * (cookies set on different paths), so callers pick the first value that verifies.
 */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (!header) return [];
  const values: string[] = [];
  for (const chunk of header.split(';')) {
    const eq = chunk.indexOf('=');
    if (eq < 0 || chunk.slice(0, eq).trim() !== name) continue;
    let value = chunk.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
      value = value.slice(1, -1);
    values.push(value);
  }
  return values;
}

export interface CookieOptions {
  path: string;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'Lax' | 'Strict' | 'None';
  maxAgeSeconds?: number;
  /** Expires date, for browsers that ignore Max-Age */
  expires?: Date;
  domain?: string;
  /**
   * CHIPS: kept apart per top-level site, so browsers that block third-party cookies still
   * keep this one inside another site's frame (an LMS).
   */
  partitioned?: boolean;
}

const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  if (!COOKIE_VALUE.test(value))
    throw new Error(`cookie ${name} has characters a cookie cannot hold`);
  const parts = [`${name}=${value}`];
  if (options.domain) parts.push(`Domain=${options.domain}`);
  if (options.expires) parts.push(`Expires=${options.expires.toUTCString()}`);
  if (options.maxAgeSeconds !== undefined) parts.push(`Max-Age=${options.maxAgeSeconds}`);
  parts.push(`Path=${options.path}`);
  if (options.secure) parts.push('Secure');
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.sameSite) parts.push(`SameSite=${options.sameSite}`);
  if (options.partitioned) parts.push('Partitioned');
  return parts.join('; ');
}

/** A Set-Cookie that makes the browser drop the cookie set on the same path (and domain). */
export function clearedCookie(name: string, path: string, domain?: string): string {
  return serializeCookie(name, '', {
    path,
    domain,
    maxAgeSeconds: 0,
    expires: new Date(0),
  });
}
