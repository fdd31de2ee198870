import { createHash } from 'node:crypto';
import { hashToken, matchesTokenHash, newApiToken, newOAuthToken, tokenPrefix } from './token-hash';

describe('token hashing', () => {
  it('hashes as JupyterHub does: sha512 over the salt text then the token, once per round', () => {
    const expected = createHash('sha512')
      .update('0011223344556677')
      .update('secret-token')
      .update('secret-token')
      .digest('hex');
    expect(hashToken('secret-token', 2, '0011223344556677')).toBe(
      `sha512:2:0011223344556677:${expected}`,
    );
  });

  it.each([
    ['the same token', 'abcdef0123456789', 'abcdef0123456789', true],
    ['another token', 'abcdef0123456789', 'abcdef012345678a', false],
    ['a prefix of it', 'abcdef0123456789', 'abcdef', false],
  ])('matches %s: %s vs %s', (_label, stored, presented, expected) => {
    expect(matchesTokenHash(presented, hashToken(stored, 16))).toBe(expected);
  });

  it.each([['md5:1:aa:bb'], ['sha512:x:aa:bb'], ['sha512:0:aa:bb'], ['garbage']])(
    'rejects malformed stored hash %s',
    (hashed) => {
      expect(matchesTokenHash('anything', hashed)).toBe(false);
    },
  );

  it('keeps the first four characters as the lookup prefix', () => {
    expect(tokenPrefix('0f1e2d3c4b5a')).toBe('0f1e');
  });

  it('generates 32-hex API tokens and 30-character OAuth tokens', () => {
    expect(newApiToken()).toMatch(/^[0-9a-f]{32}$/);
    expect(newOAuthToken()).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(newApiToken()).not.toBe(newApiToken());
  });
});
