import { Logger } from '@nestjs/common';
import {
  ApiTokenEntity,
  FakeClock,
  matchesTokenHash,
  OAuthClientEntity,
  OAuthCodeEntity,
  SpawnerEntity,
  UserEntity,
} from '@orrery/core';
import { DataSource } from 'typeorm';
import { OAuthClientsService } from './oauth-clients.service';
import { OAuthCodesService } from './oauth-codes.service';
import { OAuthError } from './oauth-error';
import { OAuthTokenService } from './oauth-token.service';
import { codeChallengeOf } from './pkce';
import { createUser, hubConfig, sqliteDatabase } from './sqlite-database.spec-helper';

const CLIENT_ID = 'jupyterhub-user-alice';
const SECRET = 'server-api-token-of-alice';
const REDIRECT = '/user/alice/oauth_callback';
const SCOPES = ['access:servers!server=alice/', 'read:users:groups!user', 'read:users:name!user'];

describe('OAuth records and the token exchange (SQLite)', () => {
  let db: { dataSource: DataSource; drop(): Promise<void> };
  let clock: FakeClock;
  let clients: OAuthClientsService;
  let codes: OAuthCodesService;
  let alice: UserEntity;

  const tokenService = (keys: Record<string, unknown> = {}) =>
    new OAuthTokenService(db.dataSource, clock, hubConfig(keys), clients, codes);

  const newCode = (challenge: string | null = null, method: 'S256' | 'plain' | null = null) =>
    codes.create({
      clientId: CLIENT_ID,
      userId: alice.id,
      sessionId: 'session-1',
      scopes: SCOPES,
      redirectUri: REDIRECT,
      codeChallenge: challenge,
      codeChallengeMethod: method,
    });

  const form = (code: string, extra: Record<string, string> = {}) =>
    Object.fromEntries(
      Object.entries({
        grant_type: 'authorization_code',
        code,
        client_id: CLIENT_ID,
        client_secret: SECRET,
        redirect_uri: REDIRECT,
        ...extra,
      }).map(([k, v]) => [k, [v]]),
    );

  async function errorOf(run: Promise<unknown>): Promise<OAuthError> {
    const error = await run.then(
      () => null,
      (e: unknown) => e,
    );
    if (!(error instanceof OAuthError))
      throw new Error(`expected an OAuthError, got ${String(error)}`);
    return error;
  }

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(async () => {
    db = await sqliteDatabase();
    clock = new FakeClock('2026-03-01T12:00:00Z');
    clients = new OAuthClientsService(db.dataSource);
    codes = new OAuthCodesService(db.dataSource, clock);
    alice = await createUser(db.dataSource, 'alice');
    await clients.upsert({ identifier: CLIENT_ID, secret: SECRET, redirectUri: REDIRECT });
  });

  afterEach(() => db.drop());

  it('stores the client secret hashed with the rounds of a user-provided token', async () => {
    const client = (await clients.find(CLIENT_ID)) as OAuthClientEntity;
    expect(client.secret).toMatch(/^sha512:16384:[0-9a-f]{16}:[0-9a-f]{128}$/);
    expect(matchesTokenHash(SECRET, client.secret)).toBe(true);
    expect(client.description).toBe(CLIENT_ID);
  });

  it('updates a registered client in place', async () => {
    const before = (await clients.find(CLIENT_ID)) as OAuthClientEntity;
    await clients.upsert({
      identifier: CLIENT_ID,
      secret: 'another-secret',
      redirectUri: '/elsewhere',
      description: 'Server at /user/alice/',
      allowedScopes: ['read:users!user'],
    });
    const after = (await clients.find(CLIENT_ID)) as OAuthClientEntity;
    expect(after).toMatchObject({
      id: before.id,
      redirectUri: '/elsewhere',
      description: 'Server at /user/alice/',
      allowedScopes: ['read:users!user'],
    });
    expect(matchesTokenHash('another-secret', after.secret)).toBe(true);
  });

  it('makes 30-character alphanumeric codes that expire after 300 s', async () => {
    const code = await newCode();
    expect(code).toMatch(/^[A-Za-z0-9]{30}$/);
    const row = (await db.dataSource
      .getRepository(OAuthCodeEntity)
      .findOneBy({ code })) as OAuthCodeEntity;
    expect(row.expiresAt).toBe(Math.floor(clock.now().getTime() / 1000) + 300);
    clock.advance(300_000);
    expect(await codes.findValid(code)).not.toBeNull();
    clock.advance(1_000);
    expect(await codes.findValid(code)).toBeNull();
  });

  it('exchanges a code for a token of its user, client, scopes and session', async () => {
    const response = await tokenService().exchange(form(await newCode()));
    expect(response).toEqual({
      access_token: expect.stringMatching(/^[A-Za-z0-9]{30}$/),
      expires_in: 14 * 86_400,
      token_type: 'Bearer',
      scope: SCOPES.join(' '),
    });
    const [row] = await db.dataSource.getRepository(ApiTokenEntity).find();
    expect(row).toMatchObject({
      userId: alice.id,
      serviceId: null,
      clientId: CLIENT_ID,
      sessionId: 'session-1',
      scopes: SCOPES,
      note: '',
      prefix: response.access_token.slice(0, 4),
    });
    expect(row.expiresAt?.getTime()).toBe(clock.now().getTime() + 14 * 86_400_000);
    expect(matchesTokenHash(response.access_token, row.hashed)).toBe(true);
  });

  it('gives tokens the lifetime of oauth_token_expires_in when set', async () => {
    const response = await tokenService({ oauth_token_expires_in: 600 }).exchange(
      form(await newCode()),
    );
    expect(response.expires_in).toBe(600);
  });

  it('uses a code only once', async () => {
    const code = await newCode();
    await tokenService().exchange(form(code));
    expect((await errorOf(tokenService().exchange(form(code)))).toJSON()).toEqual({
      error: 'invalid_grant',
    });
  });

  it('lets only one of two racing exchanges use up a code', async () => {
    const row = (await codes.findValid(await newCode())) as OAuthCodeEntity;
    const manager = db.dataSource.manager;
    expect(await codes.consume(row.id, manager)).toBe(true);
    expect(await codes.consume(row.id, manager)).toBe(false);
  });

  it('refuses an expired code', async () => {
    const code = await newCode();
    clock.advance(301_000);
    expect((await errorOf(tokenService().exchange(form(code)))).error).toBe('invalid_grant');
  });

  it.each([
    ['S256', 'S256' as const],
    ['plain', 'plain' as const],
  ])('accepts the right %s verifier and refuses a wrong or missing one', async (_name, method) => {
    const verifier = 'a-verifier-of-forty-three-characters-000000';
    const code = await newCode(codeChallengeOf(verifier, method), method);
    expect(await errorOf(tokenService().exchange(form(code)))).toMatchObject({
      error: 'invalid_request',
      description: 'Code verifier required.',
    });
    expect(
      (await errorOf(tokenService().exchange(form(code, { code_verifier: `${verifier}x` })))).error,
    ).toBe('invalid_grant');
    await expect(
      tokenService().exchange(form(code, { code_verifier: verifier })),
    ).resolves.toMatchObject({
      token_type: 'Bearer',
    });
  });

  it.each([
    ['no grant type', { grant_type: '' }, 'unsupported_grant_type', '', 400],
    ['a wrong secret', { client_secret: 'wrong-secret' }, 'invalid_client', '', 401],
    ['an empty secret', { client_secret: '' }, 'invalid_client', '', 401],
    ['an unknown client', { client_id: 'service-nobody' }, 'invalid_client', '', 401],
    [
      'another redirect URI',
      { redirect_uri: '/user/bob/oauth_callback' },
      'invalid_request',
      'Mismatching redirect URI.',
      400,
    ],
    ['an unknown code', { code: 'x'.repeat(30) }, 'invalid_grant', '', 400],
  ])('refuses %s', async (_case, change, error, description, status) => {
    const code = await newCode();
    expect(await errorOf(tokenService().exchange(form(code, change)))).toMatchObject({
      error,
      description,
      status,
    });
  });

  it('refuses a code issued to another client', async () => {
    await clients.upsert({
      identifier: 'service-other',
      secret: 'other-secret',
      redirectUri: '/o',
    });
    const code = await newCode();
    const other = form(code, {
      client_id: 'service-other',
      client_secret: 'other-secret',
      redirect_uri: '/o',
    });
    expect((await errorOf(tokenService().exchange(other))).error).toBe('invalid_grant');
  });

  it('asks for a verifier from every client when PKCE is required', async () => {
    const service = tokenService({ oauth_require_pkce: true });
    expect((await errorOf(service.exchange(form(await newCode())))).description).toBe(
      'Code verifier required.',
    );
    expect(
      (await errorOf(service.exchange(form(await newCode(), { code_verifier: 'v' })))).toJSON(),
    ).toEqual({ error: 'invalid_grant', error_description: 'Challenge not found' });
  });

  it('accepts the registered redirect URI when the form leaves it out', async () => {
    const { redirect_uri: _dropped, ...withoutUri } = form(await newCode());
    await expect(tokenService().exchange(withoutUri)).resolves.toMatchObject({
      token_type: 'Bearer',
    });
  });

  describe('when a client or user goes away', () => {
    async function counts() {
      return {
        codes: await db.dataSource.getRepository(OAuthCodeEntity).count(),
        tokens: await db.dataSource.getRepository(ApiTokenEntity).count(),
      };
    }

    beforeEach(async () => {
      await tokenService().exchange(form(await newCode()));
      await newCode();
      const spawners = db.dataSource.getRepository(SpawnerEntity);
      await spawners.save(
        spawners.create({ userId: alice.id, name: '', oauthClientId: CLIENT_ID }),
      );
      expect(await counts()).toEqual({ codes: 1, tokens: 1 });
    });

    it('deletes the codes and tokens of a deleted client (a stopped server)', async () => {
      expect(await clients.delete(CLIENT_ID)).toBe(true);
      expect(await counts()).toEqual({ codes: 0, tokens: 0 });
      const spawner = await db.dataSource
        .getRepository(SpawnerEntity)
        .findOneByOrFail({ userId: alice.id });
      expect(spawner.oauthClientId).toBeNull();
      expect(await clients.delete(CLIENT_ID)).toBe(false);
    });

    it('deletes the codes and tokens of a deleted user', async () => {
      await db.dataSource.getRepository(UserEntity).delete({ id: alice.id });
      expect(await counts()).toEqual({ codes: 0, tokens: 0 });
      expect(await clients.find(CLIENT_ID)).not.toBeNull();
    });
  });
});
