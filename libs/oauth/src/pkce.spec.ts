import { codeChallengeOf, isCodeChallengeMethod, verifiesChallenge } from './pkce';

// RFC 7636 appendix B
const RFC_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const RFC_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('PKCE', () => {
  it('computes the RFC 7636 S256 example challenge', () => {
    expect(codeChallengeOf(RFC_VERIFIER, 'S256')).toBe(RFC_CHALLENGE);
  });

  it.each([
    ['S256 with the matching verifier', RFC_VERIFIER, RFC_CHALLENGE, 'S256', true],
    ['S256 with another verifier', `${RFC_VERIFIER}x`, RFC_CHALLENGE, 'S256', false],
    ['S256 when the challenge is the verifier itself', RFC_VERIFIER, RFC_VERIFIER, 'S256', false],
    ['plain with the same string', 'abc-123', 'abc-123', 'plain', true],
    ['plain with another string', 'abc-123', 'abc-124', 'plain', false],
    ['plain given an S256 challenge', RFC_VERIFIER, RFC_CHALLENGE, 'plain', false],
  ] as const)('%s', (_case, verifier, challenge, method, expected) => {
    expect(verifiesChallenge(verifier, challenge, method)).toBe(expected);
  });

  it.each([
    ['plain', true],
    ['S256', true],
    ['s256', false],
    ['', false],
  ])('accepts %j as a method: %s', (method, expected) => {
    expect(isCodeChallengeMethod(method)).toBe(expected);
  });
});
