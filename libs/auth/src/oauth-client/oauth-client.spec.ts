import { OAuthenticatorKeys } from '@orrery/core';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { getRequest } from '../../../../test/fixtures/login-request';
import type { LoginStep } from '../authenticator';
import { OAuthClient, TokenResponse } from './oauth-client';
import { OAuthRefusal } from './oauth-refusal';
import { codeChallenge } from './oauth-state';
import { ProviderHttp } from './provider-http';

/** A token endpoint that accepts code `good` once the verifier matches, and a slow one. */
function tokenServer(): Promise<Server> {
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (request.url === '/slow') return; // never answers
      const form = new URLSearchParams(body);
      response.setHeader('Content-Type', 'application/json');
      if (form.get('grant_type') === 'refresh_token') {
        const fresh = form.get('refresh_token') === 'rt-good';
        response.statusCode = fresh ? 200 : 400;
        response.end(
          JSON.stringify(
            fresh ? { access_token: 'at-2', token_type: 'bearer' } : { error: 'invalid_grant' },
          ),
        );
        return;
      }
      const ok = form.get('code') === 'good' && form.get('client_secret') === 'secret';
      response.end(
        JSON.stringify(
          ok
            ? { access_token: 'at', token_type: 'bearer', verifier: form.get('code_verifier') }
            : { error: 'bad_verification_code' },
        ),
      );
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('OAuthClient', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = await tokenServer();
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  function client(tokenUrl = `${base}/token`, timeout = 5) {
    const keys = Object.assign(new OAuthenticatorKeys(), {
      client_id: 'cid',
      client_secret: 'secret',
      scope: ['read:org'],
      login_service: 'TestHub',
      http_request_timeout: timeout,
    });
    const endpoints = async () => ({
      authorizeUrl: 'https://idp.example/authorize',
      tokenUrl,
    });
    const oauth = new OAuthClient(
      { keys, hubPrefix: '/hub/', endpoints, oidc: false },
      new ProviderHttp('TestHub', timeout),
    );
    const [login, callback] = oauth.routes(async ({ token }) => ({
      name: 'ada',
      authState: { verifier: token.verifier },
    }));
    return { login, callback };
  }

  async function start(tokenUrl?: string, timeout?: number) {
    const { login, callback } = client(tokenUrl, timeout);
    const step = await login.handle(getRequest('http://hub.test/hub/oauth_login?next=/hub/home'));
    if (step.kind !== 'redirect') throw new Error(step.kind);
    const cookie = step.cookies![0].value!;
    const authorize = new URL(step.url);
    const back = (query: string) =>
      callback.handle(
        getRequest(`http://hub.test/hub/oauth_callback?${query}`, { 'oauth-state': cookie }),
      );
    return { authorize, cookie, back };
  }

  const refusal = (step: LoginStep) =>
    step.kind === 'refuse' ? { status: step.status, reason: step.reason } : step.kind;

  it('redirects with client, scope, state and an S256 challenge, then logs in with next', async () => {
    const { authorize, cookie, back } = await start();
    const query = Object.fromEntries(authorize.searchParams);
    expect(query).toMatchObject({
      response_type: 'code',
      client_id: 'cid',
      scope: 'read:org',
      redirect_uri: 'http://hub.test/hub/oauth_callback',
      code_challenge_method: 'S256',
    });
    const verifier = JSON.parse(cookie).verifier as string;
    expect(query.code_challenge).toBe(codeChallenge(verifier));
    const step = await back(`code=good&state=${query.state}`);
    expect(step).toMatchObject({
      kind: 'login',
      next: '/hub/home',
      result: { authState: { verifier } },
    });
  });

  it.each([
    ['a wrong state', 'code=good&state=forged', 400, 'OAuth state mismatch'],
    ['no code', 'state=STATE', 400, 'callback without a code'],
    [
      'a provider error',
      'error=access_denied&error_description=denied',
      403,
      'provider error access_denied: denied',
    ],
    ['a wrong code', 'code=bad&state=STATE', 403, 'token exchange: bad_verification_code: '],
  ])('refuses a callback with %s', async (_case, query, status, reason) => {
    const { authorize, back } = await start();
    const step = await back(query.replace('STATE', authorize.searchParams.get('state')!));
    expect(refusal(step)).toEqual({ status, reason });
  });

  it('refuses a callback without the state cookie', async () => {
    const { authorize } = await start();
    const step = await client().callback.handle(
      getRequest(
        `http://hub.test/hub/oauth_callback?code=good&state=${authorize.searchParams.get('state')}`,
      ),
    );
    expect(refusal(step)).toEqual({
      status: 400,
      reason: 'OAuth state cookie missing or tampered with',
    });
  });

  it('answers 502 when the provider refuses connections and 504 when it is slow', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = await start(`http://127.0.0.1:${port}/token`);
    const refused = await down.back(`code=good&state=${down.authorize.searchParams.get('state')}`);
    expect(refused).toMatchObject({ kind: 'refuse', status: 502 });
    expect((refused as { reason: string }).reason).toMatch(/unreachable: .*ECONNREFUSED/);
    const slow = await start(`${base}/slow`, 0.2);
    const step = await slow.back(`code=good&state=${slow.authorize.searchParams.get('state')}`);
    expect(step).toMatchObject({ kind: 'refuse', status: 504 });
    expect((step as { reason: string }).reason).toMatch(/within 0.2 s \(http_request_timeout\)/);
  });

  describe('refresh', () => {
    const keys = Object.assign(new OAuthenticatorKeys(), {
      client_id: 'cid',
      client_secret: 'secret',
    });
    const make = () =>
      new OAuthClient(
        {
          keys,
          hubPrefix: '/hub/',
          endpoints: async () => ({ authorizeUrl: base, tokenUrl: `${base}/token` }),
          oidc: false,
        },
        new ProviderHttp('TestHub', 5),
      );
    const stored = (refresh_token?: string) => ({
      token_response: { access_token: 'at-1', token_type: 'bearer' },
      refresh_token,
    });
    /** A provider that accepts only at-2, and answers `failure` to at-1. */
    const identify = (failure: number) => async (token: TokenResponse) => {
      if (token.access_token === 'at-2') return { name: 'ada', authState: { token } };
      throw new OAuthRefusal(502, 'x', `user data: ${failure}`, failure);
    };
    const log = () => undefined;

    it('uses the refresh token when the provider refuses the stored token', async () => {
      await expect(make().refresh(stored('rt-good'), identify(401), log)).resolves.toMatchObject({
        authState: { token: { access_token: 'at-2', refresh_token: 'rt-good' } },
      });
    });

    it('ends the login without a refresh token, or when it is refused too', async () => {
      await expect(make().refresh(stored(), identify(401), log)).resolves.toBe(false);
      await expect(make().refresh(stored('rt-bad'), identify(401), log)).resolves.toBe(false);
      await expect(make().refresh(null, identify(401), log)).resolves.toBe(false);
    });

    it('keeps the login when the provider is down or failing', async () => {
      const down = async () => {
        throw new OAuthRefusal(502, 'x', 'unreachable');
      };
      await expect(make().refresh(stored('rt-good'), down, log)).resolves.toBe(true);
      await expect(make().refresh(stored('rt-good'), identify(503), log)).resolves.toBe(true);
    });
  });
});
