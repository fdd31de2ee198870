import { signCookieValue, verifyCookieValue } from './signed-cookie';

const SECRET = Buffer.alloc(32, 7);
const NOW = 1_800_000_000;
const DAY = 86_400;

describe('signed cookie values', () => {
  const signed = signCookieValue(SECRET, 'jupyterhub-hub-login', 'abc123', NOW);

  it('has the shape value|timestamp|signature', () => {
    expect(signed).toMatch(/^[A-Za-z0-9_-]+\|1800000000\|[0-9a-f]{64}$/);
  });

  it.each([
    ['the same cookie within its age', signed, 'jupyterhub-hub-login', NOW + 13 * DAY, 'abc123'],
    ['exactly at the maximum age', signed, 'jupyterhub-hub-login', NOW + 14 * DAY, 'abc123'],
    ['after the maximum age', signed, 'jupyterhub-hub-login', NOW + 14 * DAY + 1, null],
    ['a value signed for another cookie name', signed, '_xsrf', NOW, null],
    ['a changed value', signed.replace(/^[^|]+/, 'eHl6'), 'jupyterhub-hub-login', NOW, null],
    [
      'a changed timestamp',
      signed.replace('|1800000000|', '|1800000001|'),
      'jupyterhub-hub-login',
      NOW,
      null,
    ],
    ['a value from more than 31 days ahead', signed, 'jupyterhub-hub-login', NOW - 32 * DAY, null],
    ['a value without signature', 'YWJj|1800000000', 'jupyterhub-hub-login', NOW, null],
    ['garbage', 'not a cookie', 'jupyterhub-hub-login', NOW, null],
  ])('%s', (_case, value, name, now, expected) => {
    expect(verifyCookieValue(SECRET, name, value, now, 14)).toBe(expected);
  });

  it('rejects a value signed with another secret', () => {
    const other = signCookieValue(Buffer.alloc(32, 8), 'n', 'v', NOW);
    expect(verifyCookieValue(SECRET, 'n', other, NOW, 14)).toBeNull();
  });

  it('round-trips values containing separators and non-ASCII text', () => {
    const value = 'session:user|ä';
    expect(verifyCookieValue(SECRET, 'n', signCookieValue(SECRET, 'n', value, NOW), NOW, 1)).toBe(
      value,
    );
  });
});
