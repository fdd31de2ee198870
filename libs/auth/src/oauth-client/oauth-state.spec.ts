import { codeChallenge, decodeOAuthState, encodeOAuthState, newOAuthState } from './oauth-state';

describe('OAuth state', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', () => {
    expect(codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('round-trips through the cookie value, with a fresh state each time', () => {
    const options = {
      pkce: true,
      nonce: false,
      redirectUri: 'http://h/hub/oauth_callback',
      next: '/x',
    };
    const state = newOAuthState(options);
    expect(decodeOAuthState(encodeOAuthState(state))).toEqual(state);
    expect(state.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(state.nonce).toBeNull();
    expect(newOAuthState(options).state).not.toBe(state.state);
  });

  it.each([null, '', 'not json', '{"state":1}', '{"state":"s"}'])(
    'reads %p as no state',
    (value) => {
      expect(decodeOAuthState(value)).toBeNull();
    },
  );
});
