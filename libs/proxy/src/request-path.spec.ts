import { hostName, normaliseUrl, routingPath } from './request-path';

describe('normaliseUrl', () => {
  it.each([
    ['/user/alice/lab?token=x', '/user/alice/lab?token=x'],
    ['/user/al%20ice/?a=%2e', '/user/al%20ice/?a=%2e'],
    ['/user/alice/../bob/x?y', '/user/bob/x?y'],
    ['/user/bob/%2e%2e/alice/', '/user/alice/'],
    ['/user/bob/%2E%2E/alice/', '/user/alice/'],
    ['/user/./alice', '/user/alice'],
    ['/../../etc/passwd', '/etc/passwd'],
    ['/user/alice/.ipynb_checkpoints', '/user/alice/.ipynb_checkpoints'],
    ['/a\\..\\b', '/b'],
    ['/a#frag', '/a'],
    ['http://example.org/hub/login?next=/', '/hub/login?next=/'],
    ['http://example.org', '/'],
    ['*', '/*'],
    ['//user/alice', '/alice'],
  ])('normalises %j to %j', (url, expected) => {
    expect(normaliseUrl(url)).toBe(expected);
  });

  it('returns a URL that needs no normalising as the same string', () => {
    const url = '/user/alice/api/kernels?token=abc';
    expect(normaliseUrl(url)).toBe(url);
  });
});

describe('routingPath', () => {
  it.each([
    ['/user/alice/lab?token=x', undefined, false, '/user/alice/lab'],
    ['/user/al%20ice/', undefined, false, '/user/al ice/'],
    ['/user%2Falice/x', undefined, false, '/user/alice/x'],
    ['/lab', 'alice.example.org:8000', true, '/alice.example.org/lab'],
    ['/lab', undefined, true, '//lab'],
  ])('routes %j (host %j, host routing %j) on %j', (url, host, hostRouting, expected) => {
    expect(routingPath(url, host, hostRouting)).toBe(expected);
  });

  it('returns null for malformed percent-encoding', () => {
    expect(routingPath('/user/%E0%A4%A', undefined, false)).toBeNull();
  });
});

describe('hostName', () => {
  it.each([
    [undefined, ''],
    ['example.org', 'example.org'],
    ['example.org:8000', 'example.org'],
  ])('strips the port of %j', (host, expected) => {
    expect(hostName(host)).toBe(expected);
  });
});
