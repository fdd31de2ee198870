import { validateNextUrl } from './next-url';

describe('validateNextUrl', () => {
  it.each([
    ['', ''],
    ['/hub/home', '/hub/home'],
    ['/user/alice/lab?x=1#top', '/user/alice/lab?x=1#top'],
    ['https://hub.example.org/user/alice/', '/user/alice/'],
    ['https://hub.example.org', '/'],
    ['//hub.example.org/hub/token?a=b', '/hub/token?a=b'],
    ['///hub.example.org/hub/', '/hub/'],
    ['https://evil.example.com/', ''],
    ['//evil.example.com/x', ''],
    ['///evil.example.com/x', ''],
    ['/\\evil.example.com', '/%5Cevil.example.com'],
    ['http://hub.example.org/x', ''],
    ['https://hub.example.org.evil.com/', ''],
    ['javascript:alert(1)', ''],
    ['relative/path', ''],
  ])('%p -> %p', (next, expected) => {
    expect(validateNextUrl(next, 'https', 'hub.example.org')).toBe(expected);
  });
});
