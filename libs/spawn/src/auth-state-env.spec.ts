import { authStateEnv } from './auth-state-env';

describe('authStateEnv', () => {
  const state = { access_token: 'gho_x', github_user: { login: 'ann', id: 5 }, teams: ['a'] };

  it('takes strings as they are, dotted paths, and other values as JSON', () => {
    expect(
      authStateEnv(
        { GITHUB_TOKEN: 'access_token', GITHUB_ID: 'github_user.id', TEAMS: 'teams' },
        state,
      ),
    ).toEqual({ GITHUB_TOKEN: 'gho_x', GITHUB_ID: '5', TEAMS: '["a"]' });
  });

  it('sets nothing for a missing key or a user without auth state', () => {
    expect(authStateEnv({ X: 'nope.deeper', Y: 'access_token.length' }, state)).toEqual({});
    expect(authStateEnv({ GITHUB_TOKEN: 'access_token' }, null)).toEqual({});
  });
});
