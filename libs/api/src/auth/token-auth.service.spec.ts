import { Logger } from '@nestjs/common';
import { FakeClock, HubConfig, ModelGeneration, readDate } from '@orrery/core';
import { AuthCache } from './auth-cache';
import { authDatabase, AuthDatabase } from './auth-database.spec-helper';
import { OwnerScopesService } from './owner-scopes.service';
import { tokenFromHeader, TokenAuthService } from './token-auth.service';

describe('tokenFromHeader', () => {
  it.each([
    ['token abc', 'abc'],
    ['Bearer abc', 'abc'],
    ['TOKEN   abc  ', 'abc'],
    ['  bearer abc', 'abc'],
    ['basic abc', null],
    ['tokenabc', null],
    ['xtoken abc', null],
    ['token abc def', null],
    ['token ', null],
    ['', null],
    [undefined, null],
  ])('reads %j as %j', (header, expected) => {
    expect(tokenFromHeader(header)).toBe(expected);
  });
});

describe('TokenAuthService', () => {
  let db: AuthDatabase;
  let ann: number;
  let clock: FakeClock;
  let cache: AuthCache;
  let models: ModelGeneration;
  let auth: TokenAuthService;

  beforeEach(async () => {
    db = await authDatabase();
    ann = await db.user('ann');
    await db.role('user', ['self'], { users: [ann] });
    const config = new HubConfig();
    clock = new FakeClock('2026-12-01T00:00:00Z');
    models = new ModelGeneration();
    cache = new AuthCache(models);
    auth = new TokenAuthService(
      db.dataSource,
      config,
      clock,
      cache,
      new OwnerScopesService(db.dataSource, config),
    );
  });
  afterEach(async () => {
    await auth.beforeApplicationShutdown();
    await db.drop();
  });

  const lastActivity = async (table: 'users' | 'api_tokens', id: number) =>
    readDate(
      (
        await db.sql<{ at: unknown }>(`SELECT last_activity AS at FROM ${table} WHERE id = ?`, [id])
      )[0].at,
    );

  it("resolves a user's token to the user and the token's share of the owner's scopes", async () => {
    const { token, id } = await db.token({
      userId: ann,
      scopes: ['read:users!user=ann', 'admin:users'],
      sessionId: 's1',
    });
    const context = await auth.authenticate(token);
    expect(context).toMatchObject({
      kind: 'user',
      id: ann,
      name: 'ann',
      admin: false,
      tokenId: id,
      sessionId: 's1',
    });
    expect(context?.scopes.has('read:users', { kind: 'user', name: 'ann' })).toBe(true);
    expect(context?.scopes.hasAnyFilter('admin:users')).toBe(false);
    expect(context?.scopes.hasAnyFilter('read:servers')).toBe(false);
  });

  it("resolves a token's group filter against the owner's own scopes", async () => {
    await db.group('staff', [ann]);
    const { token } = await db.token({ userId: ann, scopes: ['read:servers!group=staff'] });
    const context = await auth.authenticate(token);
    expect(context?.scopes.has('read:servers', { kind: 'user', name: 'ann' })).toBe(true);
  });

  it("gives an inheriting token all of its owner's scopes", async () => {
    const { token } = await db.token({ userId: ann });
    const context = await auth.authenticate(token);
    expect(context?.scopes.has('read:servers', { kind: 'user', name: 'ann' })).toBe(true);
  });

  it("resolves a service's token to the service with its roles' scopes", async () => {
    await db.user('filler');
    const svc = await db.service('cull', true);
    await db.role('culler', ['list:users', 'delete:servers'], { services: [svc] });
    const { token } = await db.token({ serviceId: svc });
    const context = await auth.authenticate(token);
    expect(context).toMatchObject({ kind: 'service', id: svc, name: 'cull', admin: true });
    expect(context?.scopes.has('delete:servers')).toBe(true);
    expect(context?.scopes.has('read:servers')).toBe(false);
  });

  it('refuses an unknown token, one that only shares the prefix, and an ownerless row', async () => {
    const { token } = await db.token({ userId: ann });
    expect(await auth.authenticate('nope-token')).toBeNull();
    expect(await auth.authenticate(`${token.slice(0, 4)}-other`)).toBeNull();
    const { token: orphan } = await db.token({});
    expect(await auth.authenticate(orphan)).toBeNull();
  });

  it('accepts a token up to its expiry, and a cached one not after it', async () => {
    const expiresAt = new Date('2026-12-01T00:01:00Z');
    const { token } = await db.token({ userId: ann, expiresAt });
    clock.advance(60_000);
    expect(await auth.authenticate(token)).not.toBeNull();
    clock.advance(1);
    expect(await auth.authenticate(token)).toBeNull();
    expect(await auth.findToken(token)).toBeNull();
  });

  it('finds a stored token by its hash', async () => {
    const { token, id } = await db.token({ userId: ann, note: 'n' });
    expect(await auth.findToken(token)).toMatchObject({ id, note: 'n', user: { name: 'ann' } });
  });

  it('answers a repeated token from the cache until the cache is invalidated', async () => {
    const { token, id } = await db.token({ userId: ann });
    const first = await auth.authenticate(token);
    await db.sql('DELETE FROM api_tokens WHERE id = ?', [id]);
    expect(await auth.authenticate(token)).toBe(first);
    cache.invalidate();
    expect(await auth.authenticate(token)).toBeNull();
  });

  it('does not cache what was resolved across an invalidation', async () => {
    const { token, id } = await db.token({ userId: ann });
    const find = auth.findToken.bind(auth);
    jest.spyOn(auth, 'findToken').mockImplementationOnce(async (t, now) => {
      const row = await find(t, now);
      cache.invalidate();
      return row;
    });
    expect(await auth.authenticate(token)).not.toBeNull();
    await db.sql('DELETE FROM api_tokens WHERE id = ?', [id]);
    expect(await auth.authenticate(token)).toBeNull();
  });

  it('records activity of token and user at most once per activity_resolution', async () => {
    const { token, id } = await db.token({ userId: ann });
    const generation = models.current;
    await auth.authenticate(token);
    expect(models.current).toBeGreaterThan(generation);
    await auth.beforeApplicationShutdown();
    const start = new Date('2026-12-01T00:00:00Z');
    expect(await lastActivity('api_tokens', id)).toEqual(start);
    expect(await lastActivity('users', ann)).toEqual(start);
    const afterWrite = models.current;
    clock.advance(29_999);
    await auth.authenticate(token);
    await auth.beforeApplicationShutdown();
    expect(await lastActivity('api_tokens', id)).toEqual(start);
    expect(models.current).toBe(afterWrite);
    clock.advance(1);
    await auth.authenticate(token);
    await auth.beforeApplicationShutdown();
    expect(await lastActivity('api_tokens', id)).toEqual(new Date('2026-12-01T00:00:30Z'));
    expect(await lastActivity('users', ann)).toEqual(new Date('2026-12-01T00:00:30Z'));
  });

  it("does not count a server's own token as activity of its user", async () => {
    const { token, id } = await db.token({ userId: ann, note: 'Server at /user/ann/' });
    await auth.authenticate(token);
    await auth.beforeApplicationShutdown();
    expect(await lastActivity('api_tokens', id)).not.toBeNull();
    expect(await lastActivity('users', ann)).toBeNull();
  });

  it("does not write a service's activity to the user of the same id", async () => {
    const svc = await db.service('svc');
    expect(svc).toBe(ann);
    const { token } = await db.token({ serviceId: svc });
    await auth.authenticate(token);
    await auth.beforeApplicationShutdown();
    expect(await lastActivity('users', ann)).toBeNull();
  });

  it('logs a failed activity write and still authenticates', async () => {
    const { token } = await db.token({ userId: ann });
    await auth.authenticate(token);
    clock.advance(30_000);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const update = jest.fn(() => Promise.reject(new Error('disk full')));
    jest.spyOn(db.dataSource, 'getRepository').mockReturnValueOnce({ update } as never);
    await expect(auth.authenticate(token)).resolves.toMatchObject({ name: 'ann' });
    const generation = models.current;
    await auth.beforeApplicationShutdown();
    expect(warn).toHaveBeenCalledWith('could not record token activity: Error: disk full');
    expect((warn.mock.contexts[0] as { context: string }).context).toBe('auth');
    expect(models.current).toBeGreaterThan(generation);
    warn.mockRestore();
  });
});
