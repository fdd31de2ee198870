import { REDACTED, redactUrl } from './url-redaction';

describe('redactUrl', () => {
  it.each([
    ['/hub/api/users', '/hub/api/users'],
    ['/hub/api/users?offset=10&limit=5', '/hub/api/users?offset=10&limit=5'],
    ['/hub/api/authorizations/token/abc123', `/hub/api/authorizations/token/${REDACTED}`],
    ['/hub/api/authorizations/token/abc123?x=1', `/hub/api/authorizations/token/${REDACTED}?x=1`],
    [
      '/hub/api/authorizations/cookie/jupyterhub-services/c00kie',
      `/hub/api/authorizations/cookie/jupyterhub-services/${REDACTED}`,
    ],
    ['/user/a/lab?token=abc123', `/user/a/lab?token=${REDACTED}`],
    ['/user/a/?_xsrf=x1&page=2', `/user/a/?_xsrf=${REDACTED}&page=2`],
    [
      '/hub/oauth_callback?code=c0de&state=st4te',
      `/hub/oauth_callback?code=${REDACTED}&state=${REDACTED}`,
    ],
    [
      '/hub/api/oauth2/token?client_secret=s3cret&x',
      `/hub/api/oauth2/token?client_secret=${REDACTED}&x`,
    ],
    [
      '/x?access_token=a1&Authorization=b2',
      `/x?access_token=${REDACTED}&Authorization=${REDACTED}`,
    ],
    ['/x?to%6Ben=a1', `/x?to%6Ben=${REDACTED}`],
    ['/x?bad=%E0%A4%A', '/x?bad=%E0%A4%A'],
  ])('%p -> %p', (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it('redacts a token inside a URL carried in another parameter', () => {
    const logged = redactUrl(`/hub/login?next=${encodeURIComponent('/user/a/?token=abc123')}`);
    expect(logged).not.toContain('abc123');
    expect(decodeURIComponent(logged)).toBe(`/hub/login?next=/user/a/?token=${REDACTED}`);
  });
});
