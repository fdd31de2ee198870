/**
 * The bytes and small value parsers both HTTP/1.x head parsers (client requests, target
 * responses) share. Byte classes are tables of 256 entries, 1 for an allowed byte, so that a
 * head is scanned with one table lookup per byte and any byte indexes them in bounds. Pure.
 */

export const CR = 13;
export const LF = 10;
export const SP = 32;
export const HTAB = 9;
export const COLON = 58;
const DEL = 127;

/** Token characters (RFC 9110): methods and header names. */
export const TOKEN_CHARS = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
  TOKEN_CHARS[c.charCodeAt(0)] = 1;
/** Visible ASCII and bytes from 0x80 (obs-text, or unencoded UTF-8 from some clients). */
export const VISIBLE_CHARS = new Uint8Array(256);
/** Header values and reason phrases: also space and tab. */
export const FIELD_CHARS = new Uint8Array(256);
for (let c = 0x21; c <= 0xff; c++) {
  VISIBLE_CHARS[c] = c === DEL ? 0 : 1;
  FIELD_CHARS[c] = VISIBLE_CHARS[c];
}
FIELD_CHARS[SP] = 1;
FIELD_CHARS[HTAB] = 1;

export function isOws(c: number): boolean {
  return c === SP || c === HTAB;
}

/** text[start, end) without the optional whitespace around a header value. */
export function trimmed(text: string, start: number, end: number): string {
  while (start < end && isOws(text.charCodeAt(start))) start++;
  while (end > start && isOws(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** A Content-Length value: 1 to 15 decimal digits, else -1. */
export function decimal(value: string): number {
  if (value.length === 0 || value.length > 15) return -1;
  let result = 0;
  for (let i = 0; i < value.length; i++) {
    const digit = value.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    result = result * 10 + digit;
  }
  return result;
}

/**
 * Whether text at `at` spells the lowercase `lower` in any case, without making a lowercase copy.
 * Setting bit 0x20 also maps CR to '-' and some controls to digits, but no head holds those here.
 */
export function spells(text: string, at: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++)
    if ((text.charCodeAt(at + i) | 0x20) !== lower.charCodeAt(i)) return false;
  return true;
}
