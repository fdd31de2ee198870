import { ConfigError } from './config-error';
import { parseConfig } from './load-config';

describe('OAuthenticator sections', () => {
  it('read the shared keys and their own, with each provider default', () => {
    const config = parseConfig(
      [
        'GitHubOAuthenticator:',
        '  client_id: gh',
        '  allowed_organizations: [jupyterhub, "jupyterhub:team"]',
        '  http_request_timeout: 0.5',
        'GenericOAuthenticator:',
        '  oidc_issuer: http://127.0.0.1:9/',
        '  scope: [openid, profile]',
        '  token_params: {audience: hub}',
      ].join('\n'),
      { env: {} },
    );
    expect(config.GitHubOAuthenticator).toMatchObject({
      client_id: 'gh',
      allowed_organizations: ['jupyterhub', 'jupyterhub:team'],
      http_request_timeout: 0.5,
      login_service: 'GitHub',
      username_claim: 'login',
      enable_pkce: true,
    });
    expect(config.GenericOAuthenticator).toMatchObject({
      scope: ['openid', 'profile'],
      token_params: { audience: 'hub' },
      login_service: 'OAuth 2.0',
      username_claim: 'username',
      claim_groups_key: 'groups',
    });
  });

  it('refuse a shared key of the wrong kind in either section', () => {
    const text = 'GenericOAuthenticator:\n  userdata_token_method: body\n';
    expect(() => parseConfig(text, { file: 'orrery.yaml', env: {} })).toThrow(ConfigError);
    expect(() => parseConfig(text, { file: 'orrery.yaml', env: {} })).toThrow(/header, url/);
    expect(() =>
      parseConfig('GitHubOAuthenticator:\n  http_request_timeout: 0\n', { env: {} }),
    ).toThrow(/greater than 0/);
  });
});
