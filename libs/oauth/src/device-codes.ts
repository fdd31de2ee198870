import { createHash, randomBytes } from 'node:crypto';

/** RFC 8628 section 6.1's alphabet: no vowels (no words) and no look-alike characters. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const USER_CODE_LENGTH = 8;

/** What the person types: eight letters shown as `WDJB-MJHT`, 20^8 possibilities. */
export function newUserCode(random: (size: number) => Buffer = randomBytes): string {
  let out = '';
  while (out.length < USER_CODE_LENGTH) {
    for (const byte of random(USER_CODE_LENGTH * 2)) {
      // 240 = 12 * 20: rejecting the top values keeps every letter equally likely
      if (byte < 240 && out.length < USER_CODE_LENGTH) out += USER_CODE_ALPHABET[byte % 20];
    }
  }
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

/** A typed code in its stored form: case, dashes and spaces do not matter (RFC 8628 6.1). */
export function normalizeUserCode(typed: string): string {
  const letters = typed.toUpperCase().replace(/[^A-Z]/g, '');
  return `${letters.slice(0, 4)}-${letters.slice(4)}`;
}

/**
 * Codes are stored as plain SHA-256: the device code is 40 random characters and the user
 * code lives minutes behind a login, so a salt or slow rounds would buy nothing but lookups
 * that cannot use an index.
 */
export function hashDeviceCode(code: string): string {
  return createHash('sha256').update(code, 'utf8').digest('hex');
}
