/** The group keys every OAuthenticator shares (allowed_groups, admin_groups). */
export interface GroupRulesConfig {
  allowed_groups: readonly string[];
  admin_groups: readonly string[];
}

/**
 * What a user's provider groups decide, as oauthenticator does: members of allowed_groups or
 * admin_groups may log in; with admin_groups set, admin is exactly membership (admin_users are
 * made admin by the hub's common rules on top).
 */
export function groupVerdict(
  groups: readonly string[],
  rules: GroupRulesConfig,
): { allowed: boolean; admin: boolean | undefined } {
  const member = (list: readonly string[]) => list.some((group) => groups.includes(group));
  const admin = rules.admin_groups.length > 0 ? member(rules.admin_groups) : undefined;
  return { allowed: member(rules.allowed_groups) || admin === true, admin };
}
