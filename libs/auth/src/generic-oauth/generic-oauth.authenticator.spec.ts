import { FakeClock, HubConfig } from '@orrery/core';
import { DataSource } from 'typeorm';
import { GITHUB } from '../github/github.authenticator';
import { GENERIC_OAUTH } from './generic-oauth.authenticator';

function deps(generic: Record<string, unknown>, manageGroups = false) {
  const config = new HubConfig();
  Object.assign(config.Authenticator, { manage_groups: manageGroups });
  Object.assign(config.GenericOAuthenticator, { client_id: 'c', ...generic });
  Object.assign(config.GitHubOAuthenticator, { client_id: 'c', ...generic });
  return { config, dataSource: {} as DataSource, clock: new FakeClock() };
}

const PLAIN = {
  authorize_url: 'https://idp.example/authorize',
  token_url: 'https://idp.example/token',
  userdata_url: 'https://idp.example/me',
};

describe('starting the oauth2 authenticator', () => {
  it.each([
    [{ ...PLAIN, client_id: '' }, 'GenericOAuthenticator.client_id is required'],
    [{ ...PLAIN, token_url: '' }, 'GenericOAuthenticator.token_url (or oidc_issuer) is required'],
    [{ ...PLAIN, userdata_url: '' }, 'userdata_url (or oidc_issuer) is required'],
    [{ ...PLAIN, userdata_from_id_token: true }, 'needs oidc_issuer'],
    [{ oidc_issuer: 'https://idp.example', scope: ['profile'] }, 'must include openid'],
    [{ ...PLAIN, token_url: 'idp.example/token' }, 'token_url must be an http(s) URL'],
    [
      { ...PLAIN, allowed_groups: ['staff'] },
      'allowed_groups requires Authenticator.manage_groups',
    ],
    [{ ...PLAIN, admin_groups: ['ops'] }, 'admin_groups requires Authenticator.manage_groups'],
  ])('refuses %j', (generic, message) => {
    expect(() => GENERIC_OAUTH.create(deps(generic))).toThrow(message);
  });

  it('starts with provider URLs, or with an issuer alone, without asking the provider', () => {
    expect(GENERIC_OAUTH.create(deps(PLAIN))).toMatchObject({
      name: 'oauth2',
      loginUrl: 'oauth_login',
      loginService: 'OAuth 2.0',
    });
    const oidc = deps(
      { oidc_issuer: 'http://127.0.0.1:9', scope: ['openid'], admin_groups: ['x'] },
      true,
    );
    expect(GENERIC_OAUTH.create(oidc).routes!().map((route) => route.path)).toEqual([
      'oauth_login',
      'oauth_callback',
    ]);
  });

  it('github needs a client id only, and names itself GitHub', () => {
    expect(() => GITHUB.create(deps({ client_id: '' }))).toThrow('GitHubOAuthenticator.client_id');
    expect(GITHUB.create(deps({}))).toMatchObject({ name: 'github', loginService: 'GitHub' });
  });
});
