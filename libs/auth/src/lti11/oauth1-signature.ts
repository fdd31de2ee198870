import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * OAuth 1.0a HMAC-SHA1 signatures (RFC 5849 section 3.4) as LTI 1.1 uses them: the consumer
 * signs the launch form with its shared secret and no token, so the key is `secret&`.
 */

/** RFC 5849 3.6: UTF-8, then every byte but ALPHA / DIGIT / - . _ ~ as %XX in upper case. */
export function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * RFC 5849 3.4.1.2: scheme and host in lower case, the port only when it is not the scheme's
 * default, the path as sent, no query and no fragment.
 */
export function baseStringUri(url: URL): string {
  const defaultPort =
    (url.protocol === 'http:' && url.port === '80') ||
    (url.protocol === 'https:' && url.port === '443');
  const port = url.port && !defaultPort ? `:${url.port}` : '';
  return `${url.protocol.toLowerCase()}//${url.hostname.toLowerCase()}${port}${url.pathname}`;
}

/**
 * RFC 5849 3.4.1.3.2: every parameter but oauth_signature, names and values encoded, sorted
 * by name then value (repeated names all count), joined as name=value with &.
 */
export function normalizeParameters(pairs: readonly (readonly [string, string])[]): string {
  return pairs
    .filter(([name]) => name !== 'oauth_signature')
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([nameA, valueA], [nameB, valueB]) =>
      nameA === nameB ? compare(valueA, valueB) : compare(nameA, nameB),
    )
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** Byte order of the encoded strings (all ASCII after encoding), not the locale's. */
function compare(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * RFC 5849 3.4.1: METHOD&encoded base URI&encoded parameters. The parameters are the URL's
 * query (an LMS may put custom_* there) and the form body, in the order received.
 */
export function signatureBaseString(
  method: string,
  url: URL,
  formPairs: readonly (readonly [string, string])[],
): string {
  const queryPairs = [...url.searchParams.entries()];
  return [
    method.toUpperCase(),
    percentEncode(baseStringUri(url)),
    percentEncode(normalizeParameters([...queryPairs, ...formPairs])),
  ].join('&');
}

/** RFC 5849 3.4.2: base64 HMAC-SHA1 keyed by `consumerSecret&tokenSecret`. */
export function hmacSha1Signature(
  baseString: string,
  consumerSecret: string,
  tokenSecret = '',
): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac('sha1', key).update(baseString).digest('base64');
}

/** Compares in constant time, so a forger learns nothing from how fast a guess is refused. */
export function sameSignature(expected: string, given: string): boolean {
  const left = Buffer.from(expected);
  const right = Buffer.from(given);
  return left.length === right.length && timingSafeEqual(left, right);
}
