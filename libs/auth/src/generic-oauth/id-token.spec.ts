import { FakeClock, HubConfig } from '@orrery/core';
import { exportJWK, generateKeyPair, JWTPayload, SignJWT } from 'jose';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { getRequest } from '../../../../test/fixtures/login-request';
import type { LoginStep } from '../authenticator';
import { GENERIC_OAUTH } from './generic-oauth.authenticator';

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/**
 * The id_token checks against an issuer of the test's own: discovery, a JWKS with one key,
 * and a token endpoint answering the id_token each test signs.
 */
describe('the oauth2 authenticator checks the id_token', () => {
  let server: Server;
  let issuer: string;
  let issuerKey: Key;
  let otherKey: Key;
  let idToken: (nonce: string) => Promise<string>;
  /** the nonce of the last authorize redirect, which the next token answer is signed for */
  let lastNonce = '';

  beforeAll(async () => {
    const issuerPair = await generateKeyPair('RS256');
    issuerKey = issuerPair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(issuerPair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    server = createServer((request, response) => {
      response.setHeader('Content-Type', 'application/json');
      request.resume();
      request.on('end', async () => {
        const path = request.url ?? '';
        if (path === '/.well-known/openid-configuration') {
          return response.end(
            JSON.stringify({
              issuer,
              authorization_endpoint: `${issuer}/auth`,
              token_endpoint: `${issuer}/token`,
              userinfo_endpoint: `${issuer}/me`,
              jwks_uri: `${issuer}/jwks`,
            }),
          );
        }
        if (path === '/jwks') return response.end(JSON.stringify({ keys: [jwk] }));
        if (path === '/me')
          return response.end(JSON.stringify({ sub: 'u1', username: 'from-userinfo' }));
        const nonce = lastNonce;
        response.end(
          JSON.stringify({
            access_token: 'at',
            token_type: 'Bearer',
            id_token: await idToken(nonce),
          }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  function sign(claims: JWTPayload, key: Key = issuerKey, expires = '5m') {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuedAt()
      .setExpirationTime(expires)
      .sign(key);
  }

  async function signIn(fromIdToken = false): Promise<LoginStep> {
    const config = new HubConfig();
    Object.assign(config.GenericOAuthenticator, {
      client_id: 'hub',
      client_secret: 's',
      oidc_issuer: issuer,
      scope: ['openid'],
      userdata_from_id_token: fromIdToken,
    });
    const deps = { config, dataSource: {} as DataSource, clock: new FakeClock() };
    const [login, callback] = GENERIC_OAUTH.create(deps).routes!();
    const start = await login.handle(getRequest('http://hub.test/hub/oauth_login'));
    if (start.kind !== 'redirect') throw new Error(JSON.stringify(start));
    const authorize = new URL(start.url);
    lastNonce = authorize.searchParams.get('nonce')!;
    const cookie = { 'oauth-state': start.cookies![0].value! };
    const state = authorize.searchParams.get('state');
    return callback.handle(
      getRequest(`http://hub.test/hub/oauth_callback?code=c&state=${state}`, cookie),
    );
  }

  const base = () => ({ iss: issuer, aud: 'hub', sub: 'u1' });

  it('accepts a token of the issuer for this client with the nonce it sent', async () => {
    idToken = (nonce) => sign({ ...base(), nonce, preferred_username: 'from-token' });
    await expect(signIn()).resolves.toMatchObject({
      kind: 'login',
      result: { name: 'from-userinfo', identity: `${issuer}|u1` },
    });
    idToken = (nonce) => sign({ ...base(), nonce, username: 'from-token' });
    await expect(signIn(true)).resolves.toMatchObject({ result: { name: 'from-token' } });
  });

  it.each([
    ['signed by another key', (nonce: string) => sign({ ...base(), nonce }, otherKey), /signature/],
    ['for another client', (nonce: string) => sign({ ...base(), aud: 'other', nonce }), /"aud"/],
    [
      'of another issuer',
      (nonce: string) => sign({ ...base(), iss: 'http://evil', nonce }),
      /"iss"/,
    ],
    ['that has expired', (nonce: string) => sign({ ...base(), nonce }, issuerKey, '-1m'), /"exp"/],
    ['with another nonce', () => sign({ ...base(), nonce: 'replayed' }), /nonce mismatch/],
  ])('refuses a token %s', async (_case, make, reason) => {
    idToken = make;
    const step = await signIn();
    expect(step).toMatchObject({ kind: 'refuse', status: 403 });
    expect((step as { reason: string }).reason).toMatch(reason);
  });
});
