import { Logger } from '@nestjs/common';
import {
  ApiTokenEntity,
  FakeClock,
  matchesTokenHash,
  OAuthDeviceCodeEntity,
  UserEntity,
} from '@orrery/core';
import { DataSource } from 'typeorm';
import { hashDeviceCode, newUserCode, normalizeUserCode } from './device-codes';
import { OAuthClientsService } from './oauth-clients.service';
import {
  DEVICE_CODE_LIFETIME_SECONDS,
  DeviceAuthorization,
  OAuthDeviceService,
  REMOTE_CLIENT_ID,
} from './oauth-device.service';
import { OAuthError } from './oauth-error';
import { createUser, sqliteDatabase } from './sqlite-database.spec-helper';

const form = (fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [v]]));

async function errorOf(run: Promise<unknown>): Promise<OAuthError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof OAuthError))
    throw new Error(`expected an OAuthError, got ${String(error)}`);
  return error;
}

describe('the device authorization grant (RFC 8628, SQLite)', () => {
  let db: { dataSource: DataSource; drop(): Promise<void> };
  let clock: FakeClock;
  let service: OAuthDeviceService;
  let alice: UserEntity;
  let codes: DeviceAuthorization;

  const poll = (deviceCode = codes.device_code, clientId = REMOTE_CLIENT_ID) =>
    service.poll(form({ client_id: clientId, device_code: deviceCode }));

  beforeAll(() => Logger.overrideLogger(false));

  beforeEach(async () => {
    db = await sqliteDatabase();
    clock = new FakeClock('2026-03-01T12:00:00Z');
    service = new OAuthDeviceService(db.dataSource, clock, new OAuthClientsService(db.dataSource));
    alice = await createUser(db.dataSource, 'alice');
    codes = await service.authorize(form({ client_id: REMOTE_CLIENT_ID }));
  });

  afterEach(() => db.drop());

  it('refuses device authorization to any client but the remote agent', async () => {
    const error = await errorOf(service.authorize(form({ client_id: 'jupyterhub-user-alice' })));
    expect([error.error, error.status]).toEqual(['invalid_client', 401]);
    expect((await errorOf(service.authorize({}))).error).toBe('invalid_client');
  });

  it('refuses a requested scope: the token reach is fixed', async () => {
    const error = await errorOf(
      service.authorize(form({ client_id: REMOTE_CLIENT_ID, scope: 'admin:users' })),
    );
    expect(error.error).toBe('invalid_scope');
  });

  it('bounds the pending codes an anonymous caller can pile up, freeing them as they expire', async () => {
    service.maxPending = 2;
    await service.authorize(form({ client_id: REMOTE_CLIENT_ID }));
    const error = await errorOf(service.authorize(form({ client_id: REMOTE_CLIENT_ID })));
    expect([error.error, error.status]).toEqual(['temporarily_unavailable', 503]);
    clock.advance((DEVICE_CODE_LIFETIME_SECONDS + 1) * 1000);
    await expect(service.authorize(form({ client_id: REMOTE_CLIENT_ID }))).resolves.toBeDefined();
  });

  it('stores both codes only as hashes', async () => {
    const [row] = await db.dataSource.getRepository(OAuthDeviceCodeEntity).find();
    expect(row.deviceCodeHash).toBe(hashDeviceCode(codes.device_code));
    expect(row.userCodeHash).toBe(hashDeviceCode(codes.user_code));
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(codes.device_code);
    expect(stored).not.toContain(codes.user_code);
  });

  it('answers authorization_pending, then slow_down when polled faster than the interval', async () => {
    expect((await errorOf(poll())).error).toBe('authorization_pending');
    clock.advance(1000);
    expect((await errorOf(poll())).error).toBe('slow_down');
    // each slow_down adds 5 s: 6 s is under the 10 s interval, 15 s meets the 15 s one
    clock.advance(6000);
    expect((await errorOf(poll())).error).toBe('slow_down');
    clock.advance(15_000);
    expect((await errorOf(poll())).error).toBe('authorization_pending');
  });

  it('issues one token with no scopes for the approving user, and the code only once', async () => {
    expect(await service.pending(codes.user_code.toLowerCase())).toMatchObject({
      clientId: REMOTE_CLIENT_ID,
    });
    expect(await service.decide(codes.user_code, alice.id, true)).toBe(true);
    const response = await poll();
    expect(response).toMatchObject({ token_type: 'Bearer', scope: '' });
    const tokens = await db.dataSource.getRepository(ApiTokenEntity).find();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ userId: alice.id, clientId: REMOTE_CLIENT_ID, scopes: [] });
    expect(matchesTokenHash(response.access_token, tokens[0].hashed)).toBe(true);
    clock.advance(10_000);
    expect((await errorOf(poll())).error).toBe('invalid_grant');
  });

  it('answers access_denied once the user denies, and the code is gone after', async () => {
    expect(await service.decide(codes.user_code, alice.id, false)).toBe(true);
    expect((await errorOf(poll())).error).toBe('access_denied');
    expect((await errorOf(poll())).error).toBe('invalid_grant');
  });

  it('lets a user code be decided only once', async () => {
    expect(await service.decide(codes.user_code, alice.id, false)).toBe(true);
    expect(await service.decide(codes.user_code, alice.id, true)).toBe(false);
    expect(await service.pending(codes.user_code)).toBeNull();
  });

  it('answers expired_token after the lifetime, and expired codes cannot be approved', async () => {
    clock.advance((DEVICE_CODE_LIFETIME_SECONDS + 1) * 1000);
    expect(await service.decide(codes.user_code, alice.id, true)).toBe(false);
    expect((await errorOf(poll())).error).toBe('expired_token');
  });

  it('refuses polls by another client or with an unknown device code', async () => {
    await service.decide(codes.user_code, alice.id, true);
    expect((await errorOf(poll(codes.device_code, 'jupyterhub-user-alice'))).error).toBe(
      'invalid_client',
    );
    expect((await errorOf(poll('not-a-device-code'))).error).toBe('invalid_grant');
    expect((await errorOf(service.poll(form({ client_id: REMOTE_CLIENT_ID })))).error).toBe(
      'invalid_request',
    );
  });

  it('makes user codes from the unambiguous alphabet and reads them back typed loosely', () => {
    const code = newUserCode();
    expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(normalizeUserCode(` ${code.toLowerCase().replace('-', ' ')} `)).toBe(code);
  });
});
