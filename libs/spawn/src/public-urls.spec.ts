import { HubConfig, parseConfig } from '@orrery/core';
import { stringify } from 'yaml';
import { publicUrls } from './public-urls';

function config(jupyterHub: Record<string, unknown>): HubConfig {
  return parseConfig(stringify({ JupyterHub: jupyterHub }));
}

describe('publicUrls', () => {
  it('keeps every URL a path on the hub origin without subdomain_host', () => {
    expect(publicUrls(config({}), 'user', 'alice', '/user/alice/')).toEqual({
      hubHost: '',
      publicUrl: '',
      publicHubUrl: '',
      oauthCallbackUrl: '/user/alice/oauth_callback',
    });
  });

  it("puts a user's server and its OAuth callback on the user's own host with subdomain_host", () => {
    const urls = publicUrls(
      config({ subdomain_host: 'http://hub.test:8000' }),
      'user',
      'a_b',
      '/user/a_b/',
    );
    expect(urls).toEqual({
      hubHost: 'http://hub.test:8000',
      publicUrl: 'http://u-ab--648fa9b.hub.test:8000/user/a_b/',
      publicHubUrl: 'http://hub.test:8000/hub/',
      oauthCallbackUrl: 'http://u-ab--648fa9b.hub.test:8000/user/a_b/oauth_callback',
    });
  });

  it('puts a service on <name>--service under the domain, as JupyterHub does', () => {
    const urls = publicUrls(
      config({ subdomain_host: 'hub.test', base_url: '/jh/' }),
      'service',
      'grader',
      '/jh/services/grader/',
    );
    expect(urls.oauthCallbackUrl).toBe(
      'https://grader--service.hub.test/jh/services/grader/oauth_callback',
    );
    expect(urls.publicHubUrl).toBe('https://hub.test/jh/hub/');
  });
});
