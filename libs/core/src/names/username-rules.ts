/**
 * Names that must never be users, whatever the authenticator says: `..` would be the parent of
 * every per-user folder, and invisible or direction-changing characters make two names look
 * alike on the admin page. By example: `alice`, `Kelvin`, `ann.lee` pass; `.`, `..`, `a/b`,
 * `a\b`, `a\u0000b`, `a\u202eb` (right-to-left override) and `a\u200bb` (zero width) do not.
 */

/** Every control character (C0, DEL, C1), NUL included. */
const CONTROL = /\p{Cc}/u;
/** Bidirectional embeddings, overrides, isolates and marks (they reorder how a name reads). */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Characters that take no width: zero width space, joiners, word joiner, BOM, Mongolian vowel separator. */
const ZERO_WIDTH = /[\u180e\u200b-\u200d\u2060\ufeff]/u;

/** Why `name` can never be a user name, or null when it may be one. */
export function unsafeUsernameReason(name: string): string | null {
  if (name === '.' || name === '..') return 'a name may not be . or ..';
  if (name.includes('/') || name.includes('\\')) return 'a name may not contain / or \\';
  if (CONTROL.test(name)) return 'a name may not contain control characters';
  if (BIDI.test(name)) return 'a name may not contain bidirectional controls';
  if (ZERO_WIDTH.test(name)) return 'a name may not contain zero-width characters';
  return null;
}

/**
 * JupyterHub's default normalize_username (lower case), after Unicode NFKC so compatibility
 * look-alikes collapse to one name: the Kelvin sign U+212A becomes `k`, fullwidth letters plain.
 */
export function normalizeUsername(name: string): string {
  return name.normalize('NFKC').toLowerCase();
}
