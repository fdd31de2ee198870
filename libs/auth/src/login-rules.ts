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

/** JupyterHub's default normalize_username: names are case-insensitive, kept lowercase. */
export function normalizeUsername(name: string): string {
  return name.toLowerCase();
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
