import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed cookie values: `<base64url(value)>|<unix seconds>|<hex HMAC-SHA256>`. The HMAC covers
 * the cookie name too, so a value signed for one cookie is never accepted as another.
 */

// tornado's tolerance for clocks running ahead: a value from further in the future is forged.
const MAX_FUTURE_SECONDS = 31 * 86_400;

function signature(secret: Buffer, name: string, encoded: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${name}|${encoded}|${timestamp}`).digest('hex');
}

export function signCookieValue(
  secret: Buffer,
  name: string,
  value: string,
  nowSeconds: number,
): string {
  const encoded = Buffer.from(value, 'utf8').toString('base64url');
  const timestamp = String(Math.floor(nowSeconds));
  return `${encoded}|${timestamp}|${signature(secret, name, encoded, timestamp)}`;
}

/** The value, or null when the signature is wrong, the value too old or from the future. */
export function verifyCookieValue(
  secret: Buffer,
  name: string,
  signed: string,
  nowSeconds: number,
  maxAgeDays: number,
): string | null {
  const parts = signed.split('|');
  if (parts.length !== 3) return null;
  const [encoded, timestamp, given] = parts;
  if (!/^\d{1,12}$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(given)) return null;
  const expected = Buffer.from(signature(secret, name, encoded, timestamp), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(given, 'hex'))) return null;
  const age = nowSeconds - Number(timestamp);
  if (age > maxAgeDays * 86_400 || age < -MAX_FUTURE_SECONDS) return null;
  return Buffer.from(encoded, 'base64url').toString('utf8');
}
