/** JupyterHub 6 rules for new named servers (`slugs.is_valid_safe_slug`, `is_valid_display_name`). */

const MAX_SERVER_NAME = 30;
const MAX_DISPLAY_NAME = 255;
const SAFE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
// Unicode letters, marks, numbers, punctuation and symbols: printable and not whitespace
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** 1-30 characters: lowercase letters, digits, single hyphens; starts with a letter. */
export function isValidServerName(name: string): boolean {
  return name.length <= MAX_SERVER_NAME && SAFE_SLUG.test(name) && /^[a-z]/.test(name);
}

/** JupyterHub NFC-normalises display names before checking and storing them. */
export function normaliseDisplayName(name: string): string {
  return name.normalize('NFC');
}

/** 1-255 printable characters; single inner spaces only. */
export function isValidDisplayName(name: string): boolean {
  const chars = [...name];
  if (chars.length < 1 || chars.length > MAX_DISPLAY_NAME) return false;
  if (name.includes('  ') || name.startsWith(' ') || name.endsWith(' ')) return false;
  return chars.every((c) => c === ' ' || PRINTABLE.test(c));
}

/** How JupyterHub names a server in messages: `alice` or `alice:gpu`. */
export function serverLogName(user: string, server: string): string {
  return server ? `${user}:${server}` : user;
}
