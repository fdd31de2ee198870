import {
  checkClientRedirect,
  checkResponseTypeAndPkce,
  readAuthorizeParams,
  RequestParams,
} from './authorize-params';
import { OAuthError } from './oauth-error';
import { addParamsToUri } from './redirect-uri';

const CLIENT = { secret: 'sha512:16384:salt:digest', redirectUri: '/user/alice/oauth_callback' };
const BASE: RequestParams = {
  client_id: 'jupyterhub-user-alice',
  response_type: 'code',
  redirect_uri: '/user/alice/oauth_callback',
  state: 's1',
};

function errorOf(run: () => unknown): OAuthError {
  try {
    run();
  } catch (error) {
    if (error instanceof OAuthError) return error;
    throw error;
  }
  throw new Error('no error thrown');
}

describe('reading an authorize request', () => {
  it('reads the parameters', () => {
    expect(
      readAuthorizeParams({
        ...BASE,
        scope: 'a b',
        code_challenge: 'c',
        code_challenge_method: 'S256',
      }),
    ).toEqual({
      clientId: 'jupyterhub-user-alice',
      redirectUri: '/user/alice/oauth_callback',
      responseType: 'code',
      state: 's1',
      scope: 'a b',
      codeChallenge: 'c',
      codeChallengeMethod: 'S256',
    });
  });

  it.each([
    ['a duplicate client_id', { ...BASE, client_id: ['a', 'b'] }, 'Duplicate client_id parameter.'],
    ['a duplicate state', { ...BASE, state: ['a', 'b'] }, 'Duplicate state parameter.'],
    ['a duplicate scope', { ...BASE, scope: ['a', 'b'] }, 'Duplicate scope parameter.'],
    ['no client_id', { ...BASE, client_id: undefined }, 'Missing client_id parameter.'],
    ['an empty client_id', { ...BASE, client_id: '' }, 'Missing client_id parameter.'],
  ])('treats %s as fatal', (_case, params, description) => {
    expect(errorOf(() => readAuthorizeParams(params))).toMatchObject({
      error: 'invalid_request',
      description,
      status: 400,
      fatal: true,
    });
  });
});

describe('checking the client and its redirect URI', () => {
  const params = readAuthorizeParams(BASE);

  it('accepts the registered URI and uses it when none is given', () => {
    expect(checkClientRedirect(params, CLIENT)).toBe(CLIENT.redirectUri);
    expect(checkClientRedirect({ ...params, redirectUri: null }, CLIENT)).toBe(CLIENT.redirectUri);
  });

  it.each([
    ['an unknown client', params, null, 'Invalid client_id parameter value.'],
    [
      'a client without secret',
      params,
      { ...CLIENT, secret: '' },
      'Invalid client_id parameter value.',
    ],
    [
      'another URI',
      { ...params, redirectUri: '/user/bob/oauth_callback' },
      CLIENT,
      'Mismatching redirect URI.',
    ],
    [
      'a relative URI without slash',
      { ...params, redirectUri: 'oauth_callback' },
      CLIENT,
      'Invalid redirect URI.',
    ],
    [
      'no URI anywhere',
      { ...params, redirectUri: null },
      { ...CLIENT, redirectUri: '' },
      'Missing redirect URI.',
    ],
  ])('rejects %s as fatal', (_case, given, client, description) => {
    expect(errorOf(() => checkClientRedirect(given, client))).toMatchObject({
      description,
      fatal: true,
    });
  });
});

describe('checking the response type and PKCE', () => {
  const params = readAuthorizeParams(BASE);

  it.each([
    ['no challenge', params, false, null],
    ['a challenge without method (plain)', { ...params, codeChallenge: 'x' }, false, 'plain'],
    [
      'an S256 challenge',
      { ...params, codeChallenge: 'x', codeChallengeMethod: 'S256' },
      true,
      'S256',
    ],
    ['a response type containing code', { ...params, responseType: 'code id_token' }, false, null],
  ])('accepts %s', (_case, given, requirePkce, method) => {
    expect(checkResponseTypeAndPkce(given, requirePkce)).toBe(method);
  });

  it.each([
    [
      'no response type',
      { ...params, responseType: null },
      false,
      'invalid_request',
      'Missing response_type parameter.',
    ],
    [
      'response type token',
      { ...params, responseType: 'token' },
      false,
      'unsupported_response_type',
      '',
    ],
    [
      'no challenge when PKCE is required',
      params,
      true,
      'invalid_request',
      'Code challenge required.',
    ],
    [
      'an unknown method',
      { ...params, codeChallenge: 'x', codeChallengeMethod: 'S512' },
      false,
      'invalid_request',
      'Transform algorithm not supported.',
    ],
  ])('redirects %s with an error', (_case, given, requirePkce, error, description) => {
    expect(errorOf(() => checkResponseTypeAndPkce(given, requirePkce))).toMatchObject({
      error,
      description,
      fatal: false,
    });
  });
});

describe('adding parameters to a redirect URI', () => {
  it.each([
    [
      '/cb',
      [
        ['code', 'abc'],
        ['state', 's'],
      ],
      '/cb?code=abc&state=s',
    ],
    ['/cb?x=1', [['code', 'abc']], '/cb?x=1&code=abc'],
    ['/cb?', [['code', 'abc']], '/cb?code=abc'],
    ['https://h/cb#frag', [['code', 'abc']], 'https://h/cb?code=abc#frag'],
    ['/cb', [['error_description', "a b/c~*'"]], '/cb?error_description=a+b%2Fc~%2A%27'],
  ] as [string, [string, string][], string][])('%s + %j', (uri, params, expected) => {
    expect(addParamsToUri(uri, params)).toBe(expected);
  });
});
