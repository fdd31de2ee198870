import { HubConfig } from '@orrery/core';
import type { AuthenticatorDescriptor } from './authenticator';
import { allowRuleWarnings, NO_ALLOW_RULE_WARNING } from './allow-rules-check';

const oauth = (configSection?: AuthenticatorDescriptor['configSection']) =>
  ({
    name: 'x',
    aliases: [],
    allowAllByDefault: false,
    configSection,
  }) as unknown as AuthenticatorDescriptor;

function configWith(change: (config: HubConfig) => void): HubConfig {
  const config = new HubConfig();
  change(config);
  return config;
}

describe('allowRuleWarnings', () => {
  it.each<[string, (config: HubConfig) => void, AuthenticatorDescriptor, string[]]>([
    ['no rule at all', () => undefined, oauth(), [NO_ALLOW_RULE_WARNING]],
    [
      'admins only',
      (c) => (c.Authenticator.admin_users = ['root']),
      oauth(),
      [NO_ALLOW_RULE_WARNING],
    ],
    ['allowed_users', (c) => (c.Authenticator.allowed_users = ['ann']), oauth(), []],
    ['allow_all', (c) => (c.Authenticator.allow_all = true), oauth(), []],
    ['allow_existing_users', (c) => (c.Authenticator.allow_existing_users = true), oauth(), []],
    [
      "the authenticator's allowed organisations",
      (c) => (c.GitHubOAuthenticator.allowed_organizations = ['org']),
      oauth('GitHubOAuthenticator'),
      [],
    ],
    [
      "another authenticator's allowed groups, which do not count",
      (c) => (c.GenericOAuthenticator.allowed_groups = ['staff']),
      oauth('GitHubOAuthenticator'),
      [NO_ALLOW_RULE_WARNING],
    ],
    ['any_allow_config', (c) => (c.Authenticator.any_allow_config = true), oauth(), []],
    [
      'an authenticator that lets everyone in by default',
      () => undefined,
      { ...oauth(), allowAllByDefault: true },
      [],
    ],
  ])('with %s', (_name, change, descriptor, expected) => {
    expect(allowRuleWarnings(configWith(change), descriptor)).toEqual(expected);
  });
});
