import type { HubConfig } from '@orrery/core';
import type { AuthenticatorDescriptor } from './authenticator';

/**
 * Shown at start (log and admin page) when no allow rule lets anyone but the admins log in.
 * JupyterHub 5 made `allow_all` default to false and warns in that case; so does Orrery.
 */
export const NO_ALLOW_RULE_WARNING =
  'Nobody but Authenticator.admin_users can log in to this hub: no allow rule is set ' +
  '(Authenticator.allowed_users is empty, allow_all and allow_existing_users are false, and the ' +
  "authenticator's allowed groups or organisations are empty). Set Authenticator.allow_all: true " +
  'to let in everyone the authenticator accepts, or list who may log in; ' +
  'Authenticator.any_allow_config: true silences this warning.';

function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

/** As JupyterHub's any_allow_config: a key whose name starts with `allow` holds something. */
export function hasAllowRule(sections: readonly object[]): boolean {
  return sections.some((section) =>
    Object.entries(section).some(([key, value]) => key.startsWith('allow') && truthy(value)),
  );
}

/** The start-up warnings about who may log in; empty when someone besides the admins can. */
export function allowRuleWarnings(
  config: HubConfig,
  descriptor: AuthenticatorDescriptor,
): string[] {
  // first-use, tmp and dummy are their own list of users: with no rule they let everyone in
  if (descriptor.allowAllByDefault || config.Authenticator.any_allow_config) return [];
  const own = descriptor.configSection ? [config[descriptor.configSection]] : [];
  return hasAllowRule([config.Authenticator, ...own]) ? [] : [NO_ALLOW_RULE_WARNING];
}
