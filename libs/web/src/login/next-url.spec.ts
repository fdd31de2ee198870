import { parseSubdomainHost } from '@orrery/core';
import { validateNextUrl } from './next-url';

describe('validateNextUrl', () => {
  it.each([
    ['', ''],
    ['/hub/home', '/hub/home'],
    ['/user/alice/lab?x=1#top', '/user/alice/lab?x=1#top'],
    ['https://hub.example.org/user/alice/', '/user/alice/'],
    ['https://hub.example.org', '/'],
    ['HTTPS://HUB.EXAMPLE.ORG:443/hub/', '/hub/'],
    ['//hub.example.org/hub/token?a=b', '/hub/token?a=b'],
    ['///hub.example.org/hub/', '/hub/'],
    ['https://someone@hub.example.org/hub/', '/hub/'],
    ['/%2f%2fevil.example.com', '/%2f%2fevil.example.com'],
    ['/user/alice/%0Anotes', '/user/alice/%0Anotes'],
    ['  /hub/home  ', '/hub/home'],
    ['/hub/ho\nme', '/hub/home'],
    ['/hub/home?q=a\u0001b', '/hub/home?q=a%01b'],
  ])('keeps %p as %p', (next, expected) => {
    expect(validateNextUrl(next, 'https', 'hub.example.org')).toBe(expected);
  });

  it.each([
    'https://evil.example.com/',
    '//evil.example.com/x',
    '///evil.example.com/x',
    '////evil.example.com/x',
    '/\\evil.example.com',
    '\\\\evil.example.com',
    '\\/evil.example.com',
    '/\t/evil.example.com',
    '/\n/evil.example.com',
    '\t//evil.example.com',
    '\u0000//evil.example.com',
    ' //evil.example.com',
    '/\r\n/evil.example.com',
    'https:evil.example.com',
    'https:/evil.example.com',
    'https:\\\\evil.example.com',
    'http://hub.example.org/x',
    'https://hub.example.org:8443/x',
    'https://hub.example.org.evil.com/',
    'https://hub.example.org@evil.example.com/',
    'https://hub.example.org%40evil.example.com/',
    'https://evil.example.com\\@hub.example.org/',
    'javascript:alert(1)',
    'java\tscript:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'relative/path',
    '?next=/x',
    '#top',
    'https://[::1',
  ])('refuses %p', (next) => {
    expect(validateNextUrl(next, 'https', 'hub.example.org')).toBe('');
  });

  it('rebuilds a path that resolves to two leading slashes as a path', () => {
    expect(validateNextUrl('/..//evil.example.com', 'https', 'hub.example.org')).toBe(
      '/evil.example.com',
    );
  });

  it('keeps paths when the Host header is no valid host, refusing absolute URLs', () => {
    expect(validateNextUrl('/hub/home', 'http', 'bad host')).toBe('/hub/home');
    expect(validateNextUrl('http://bad host/x', 'http', 'bad host')).toBe('');
  });
});

describe('validateNextUrl with subdomain_host', () => {
  const sub = parseSubdomainHost('http://hub.test:8000');

  it.each([
    ['http://alice.hub.test:8000/user/alice/lab?x=1', '/user/alice/lab?x=1'],
    ['http://hub.test:8000/hub/home', '/hub/home'],
    ['//bob.hub.test:8000/user/bob/', '/user/bob/'],
  ])("accepts %p, a host under the domain, as the path %p on the hub's host", (next, path) => {
    expect(validateNextUrl(next, 'http', 'hub.test:8000', sub)).toBe(path);
  });

  it.each([
    'http://evilhub.test:8000/',
    'http://hub.test.evil.org:8000/',
    'http://alice.hub.test:9000/',
    'https://alice.hub.test:8000/',
    'http://evil.org/?x=.hub.test',
  ])('refuses %p, which is not under the domain on its scheme and port', (next) => {
    expect(validateNextUrl(next, 'http', 'hub.test:8000', sub)).toBe('');
  });

  it('refuses user hosts when subdomain_host is not set', () => {
    expect(validateNextUrl('http://alice.hub.test:8000/x', 'http', 'hub.test:8000')).toBe('');
  });
});
