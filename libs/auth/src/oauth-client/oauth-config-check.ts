import type { OAuthenticatorKeys } from '@orrery/core';

/**
 * Stops the hub at start on an OAuth section that cannot work, naming the key, as
 * oauthenticator does for group keys without manage_groups.
 */
export function checkOAuthenticatorKeys(
  section: string,
  keys: OAuthenticatorKeys,
  manageGroups: boolean,
): void {
  if (!keys.client_id) throw new Error(`${section}.client_id is required`);
  for (const key of ['allowed_groups', 'admin_groups'] as const) {
    if (keys[key].length > 0 && !manageGroups) {
      throw new Error(`${section}.${key} requires Authenticator.manage_groups to be true`);
    }
  }
  for (const key of ['authorize_url', 'token_url', 'userdata_url', 'oauth_callback_url'] as const) {
    if (keys[key] && !/^https?:\/\//.test(keys[key])) {
      throw new Error(`${section}.${key} must be an http(s) URL, not ${JSON.stringify(keys[key])}`);
    }
  }
}
