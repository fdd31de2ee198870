import { Logger } from '@nestjs/common';
import { CookieSecret, FakeClock, HubConfig, ModelGeneration, readDate } from '@orrery/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthCache } from './auth-cache';
import { authDatabase, AuthDatabase } from './auth-database.spec-helper';
import { CookieAuthService } from './cookie-auth.service';
import { LOGIN_COOKIE, SESSION_COOKIE } from './hub-cookies';
import { LoginSessionService } from './login-session.service';
import { OwnerScopesService } from './owner-scopes.service';

const SESSION = 'abcdefabcdefabcdefabcdefabcdefab';

function reply(): FastifyReply & { cookies: string[] } {
  const cookies: string[] = [];
  return {
    cookies,
    getHeader: () => undefined,
    removeHeader: () => undefined,
    header: (_name: string, value: string[]) => cookies.push(...value),
  } as unknown as FastifyReply & { cookies: string[] };
}

describe('CookieAuthService', () => {
  let db: AuthDatabase;
  let ann: number;
  let clock: FakeClock;
  let cache: AuthCache;
  let models: ModelGeneration;
  let session: LoginSessionService;
  let auth: CookieAuthService;

  beforeEach(async () => {
    db = await authDatabase();
    await db.user('filler');
    ann = await db.user('ann', true);
    await db.role('user', ['self'], { users: [ann] });
    const config = new HubConfig();
    clock = new FakeClock('2026-12-01T00:00:00Z');
    models = new ModelGeneration();
    cache = new AuthCache(models);
    session = new LoginSessionService(config, clock, new CookieSecret(Buffer.alloc(32, 1)));
    const owners = new OwnerScopesService(db.dataSource, config);
    auth = new CookieAuthService(db.dataSource, config, clock, cache, owners, session);
  });
  afterEach(() => db.drop());

  function request(cookieId = 'ann-cookie', withSession = true): FastifyRequest {
    const login = `${LOGIN_COOKIE}=${session.loginCookieValue({ cookieId })}`;
    const cookie = withSession ? `${login}; ${SESSION_COOKIE}=${SESSION}` : login;
    return { headers: { cookie }, protocol: 'http' } as unknown as FastifyRequest;
  }

  const lastActivity = async () =>
    readDate(
      (
        await db.sql<{ at: unknown }>('SELECT last_activity AS at FROM users WHERE id = ?', [ann])
      )[0].at,
    );

  it('resolves the login cookie to its user, session and role scopes', async () => {
    const req = request();
    const context = await auth.authenticate(req, reply());
    expect(context).toMatchObject({
      kind: 'user',
      id: ann,
      name: 'ann',
      admin: true,
      tokenId: null,
      sessionId: SESSION,
    });
    expect(context?.scopes.has('read:servers', { kind: 'user', name: 'ann' })).toBe(true);
    expect(context?.scopes.has('read:servers', { kind: 'user', name: 'filler' })).toBe(false);
    expect(session.xsrfToken(req)).toBe(session.xsrfTokenFor(SESSION, { cookieId: 'ann-cookie' }));
  });

  it('is nobody without a login cookie or with a cookie_id no user has', async () => {
    const bare = { headers: {}, protocol: 'http' } as unknown as FastifyRequest;
    expect(await auth.authenticate(bare, reply())).toBeNull();
    expect(await auth.authenticate(request('rotated-cookie'), reply())).toBeNull();
  });

  it('logs every browser out when the cookie_id rotates, cache or not', async () => {
    expect(await auth.authenticate(request(), reply())).not.toBeNull();
    await db.sql(`UPDATE users SET cookie_id = 'new' WHERE id = ?`, [ann]);
    expect(await auth.authenticate(request(), reply())).toBeNull();
  });

  it('starts a session for a browser that has none', async () => {
    const r = reply();
    const context = await auth.authenticate(request('ann-cookie', false), r);
    expect(context?.sessionId).toMatch(/^[0-9a-f]{32}$/);
    expect(r.cookies).toEqual([expect.stringMatching(`^${SESSION_COOKIE}=${context?.sessionId};`)]);
  });

  it("never hands one user's cached scopes to another", async () => {
    const bob = await db.user('bob');
    await db.role('bob-role', ['read:groups'], { users: [bob] });
    await auth.authenticate(request(), reply());
    const context = await auth.authenticate(request('bob-cookie'), reply());
    expect(context?.name).toBe('bob');
    expect(context?.scopes.has('read:groups')).toBe(true);
    expect(context?.scopes.has('read:servers', { kind: 'user', name: 'ann' })).toBe(false);
  });

  it('keeps the scopes until the cache is invalidated', async () => {
    await auth.authenticate(request(), reply());
    await db.sql('DELETE FROM user_role_map');
    const cached = await auth.authenticate(request(), reply());
    expect(cached?.scopes.has('read:servers', { kind: 'user', name: 'ann' })).toBe(true);
    cache.invalidate();
    const fresh = await auth.authenticate(request(), reply());
    expect(fresh?.scopes.has('read:servers', { kind: 'user', name: 'ann' })).toBe(false);
    expect(fresh?.name).toBe('ann');
  });

  it('records activity once per activity_resolution and marks models stale', async () => {
    const before = models.current;
    await auth.authenticate(request(), reply());
    expect(await lastActivity()).toEqual(new Date('2026-12-01T00:00:00Z'));
    expect(models.current).toBeGreaterThan(before);
    clock.advance(29_999);
    const afterFirst = models.current;
    await auth.authenticate(request(), reply());
    expect(await lastActivity()).toEqual(new Date('2026-12-01T00:00:00Z'));
    expect(models.current).toBe(afterFirst);
    clock.advance(1);
    await auth.authenticate(request(), reply());
    expect(await lastActivity()).toEqual(new Date('2026-12-01T00:00:30Z'));
  });

  it('still authenticates when the activity write fails, and logs it', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const update = jest.fn(() => Promise.reject(new Error('disk full')));
    jest.spyOn(db.dataSource, 'getRepository').mockReturnValueOnce({ update } as never);
    const before = models.current;
    await expect(auth.authenticate(request(), reply())).resolves.toMatchObject({ name: 'ann' });
    expect(warn).toHaveBeenCalledWith(`could not record activity of user ${ann}: Error: disk full`);
    expect((warn.mock.contexts[0] as { context: string }).context).toBe('auth');
    expect(models.current).toBe(before);
    warn.mockRestore();
  });
});
