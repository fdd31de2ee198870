import {
  oauthClientIdOf,
  redirectUriOf,
  serverAddressOf,
  ServiceRecordSpec,
  serviceSpecProblem,
  wantsOAuthClient,
} from './service-spec';

describe('service specs', () => {
  it.each([
    [{ name: 's' }, false, 'service-s', null],
    [{ name: 's', url: 'http://h:1' }, true, 'service-s', '/base/services/s/oauth_callback'],
    [
      { name: 'a b', url: 'http://h:1' },
      true,
      'service-a b',
      '/base/services/a%20b/oauth_callback',
    ],
    [{ name: 's', oauth_client_id: 'service-x' }, true, 'service-x', null],
    [
      { name: 's', oauth_no_confirm: true, oauth_redirect_uri: 'https://r/cb' },
      true,
      'service-s',
      'https://r/cb',
    ],
    [{ name: 's', oauth_no_confirm: false }, false, 'service-s', null],
  ] as [ServiceRecordSpec, boolean, string, string | null][])(
    '%j: OAuth client %s, id %s, redirect %s',
    (spec, oauth, clientId, redirect) => {
      expect(wantsOAuthClient(spec)).toBe(oauth);
      expect(oauthClientIdOf(spec)).toBe(clientId);
      expect(redirectUriOf(spec, '/base/')).toBe(redirect);
    },
  );

  it.each([
    ['http://127.0.0.1:9999', { proto: 'http', ip: '127.0.0.1', port: 9999 }],
    ['http://example.org', { proto: 'http', ip: 'example.org', port: 80 }],
    ['https://example.org/path', { proto: 'https', ip: 'example.org', port: 443 }],
    ['http://[::1]:8000', { proto: 'http', ip: '::1', port: 8000 }],
  ])('stores %s as server %j', (url, address) => {
    expect(serverAddressOf(url)).toEqual(address);
  });

  it.each([
    [{ name: 's' }, null],
    [{ name: 's', url: 'https://h' }, null],
    [
      { name: 's', url: 'ftp://h' },
      'Unsupported scheme in URL for service s: ftp://h. Must be http[s]',
    ],
    [
      { name: 's', url: 'not a url' },
      'Unsupported scheme in URL for service s: not a url. Must be http[s]',
    ],
    [
      { name: 's', url: 'http://h', oauth_client_id: 'x' },
      "service s has oauth_client_id='x'. Service oauth client ids must start with 'service-'",
    ],
    [
      { name: 's', oauth_client_id: 'service-s' },
      'Service s has oauth configured, but is missing required oauth_redirect_uri.',
    ],
    [{ name: 's', oauth_client_id: 'service-s', oauth_redirect_uri: '/cb' }, null],
    [{ name: 'n'.repeat(256) }, 'service name is longer than 255 characters'],
    [
      { name: 's', url: `http://h/${'p'.repeat(250)}` },
      'service url is longer than 255 characters',
    ],
  ] as [ServiceRecordSpec, string | null][])('finds the problem of %j: %s', (spec, problem) => {
    expect(serviceSpecProblem(spec)).toBe(problem);
  });
});
