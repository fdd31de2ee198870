import { normalizeUsername } from '@orrery/core';

/**
 * The login rules every authenticator shares (JupyterHub's Authenticator base class), as pure
 * functions over the Authenticator config section.
 */
export interface LoginRulesConfig {
  admin_users: readonly string[];
  allowed_users: readonly string[];
  blocked_users: readonly string[];
  allow_all: boolean;
  allow_existing_users: boolean;
}

/** JupyterHub's default normalize_username (NFKC first in Orrery): kept lowercase. */
export { normalizeUsername };

/**
 * JupyterHub's normalize_username with `username_map`: lowercased, then mapped (a map key
 * matches the lowercased name too, so `Alice: ann` maps `alice` and `ALICE`).
 */
export function mapUsername(name: string, map: Readonly<Record<string, string>>): string {
  const lower = normalizeUsername(name);
  for (const [from, to] of Object.entries(map)) {
    if (normalizeUsername(from) === lower) return normalizeUsername(to);
  }
  return lower;
}

/** JupyterHub's validate_username with `username_pattern`: a full match, when one is set. */
export function matchesPattern(name: string, pattern: string): boolean {
  return pattern === '' || new RegExp(`^(?:${pattern})$`).test(name);
}

export type Admission = 'allowed' | 'blocked' | 'not-allowed' | 'allowed-if-existing';

/**
 * Whether `name` (normalised) may log in. Blocked always wins; admins are always allowed;
 * `allowAllByDefault` opens the hub only while no allow rule is configured at all.
 */
export function admission(
  name: string,
  rules: LoginRulesConfig,
  allowAllByDefault: boolean,
): Admission {
  const has = (list: readonly string[]) => list.some((entry) => normalizeUsername(entry) === name);
  if (has(rules.blocked_users)) return 'blocked';
  if (rules.allow_all || has(rules.allowed_users) || has(rules.admin_users)) return 'allowed';
  const configured = rules.allowed_users.length > 0 || rules.allow_existing_users;
  if (allowAllByDefault && !configured) return 'allowed';
  return rules.allow_existing_users ? 'allowed-if-existing' : 'not-allowed';
}

/** true for admin_users; undefined leaves the admin flag of an existing user unchanged. */
export function adminOf(name: string, rules: LoginRulesConfig): true | undefined {
  return rules.admin_users.some((entry) => normalizeUsername(entry) === name) ? true : undefined;
}
