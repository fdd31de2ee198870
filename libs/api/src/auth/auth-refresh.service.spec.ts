import { Logger } from '@nestjs/common';
import type { AuthenticatorRegistry, AuthResult } from '@orrery/auth';
import { FakeClock, HubConfig, HubError } from '@orrery/core';
import type { DataSource } from 'typeorm';
import type { LoginRecords } from '../domain/login-records.service';
import type { AuthCache } from './auth-cache';
import { AuthRefresh } from './auth-refresh.service';

type RefreshAnswer = AuthResult | boolean;
const ANN = { id: 7, name: 'ann' };

/** AuthRefresh over an authenticator whose refreshUser answers `answers` in turn. */
interface Fakes {
  /** what the registry's admit answers; by default it admits the answer as given */
  admitted?: { ok: false; reason: string };
  /** what LoginRecords.record answers (false: the details belong to another identity) */
  recorded?: boolean;
  /** an authenticator without refreshUser */
  noRefresh?: boolean;
}

function setup(
  answers: RefreshAnswer[],
  settings: Record<string, unknown> = {},
  fakes: Fakes = {},
) {
  const config = new HubConfig();
  Object.assign(config.Authenticator, settings);
  const clock = new FakeClock(new Date('2026-12-01T00:00:00Z'));
  const refreshUser = jest.fn(async () => answers.shift() ?? true);
  const found: unknown[] = [];
  const admit = jest.fn(
    async (
      result: AuthResult,
      lookups: { find(): Promise<unknown>; ensure(): Promise<unknown> },
    ) => {
      found.push(await lookups.find(), await lookups.ensure());
      return fakes.admitted ?? { ok: true, name: result.name, admin: result.admin, result };
    },
  );
  const registry = {
    authenticator: fakes.noRefresh ? {} : { refreshUser },
    admit,
  } as unknown as AuthenticatorRegistry;
  const record = jest.fn(async () => (fakes.recorded === false ? null : { id: ANN.id }));
  const records = { record, authStateOf: () => ({ token: 't' }) } as unknown as LoginRecords;
  const dataSource = {
    getRepository: () => ({
      findOneBy: async (where: { id: number }) =>
        where.id === ANN.id ? { ...ANN, encryptedAuthState: 'x' } : null,
    }),
  } as unknown as DataSource;
  const invalidate = jest.fn();
  const cache = { invalidate } as unknown as AuthCache;
  const refresh = new AuthRefresh(config, registry, records, cache, clock, dataSource);
  return { refresh, refreshUser, record, clock, admit, found, invalidate };
}

describe('AuthRefresh', () => {
  it('refreshes a user seen for the first time, then not again within auth_refresh_age', async () => {
    const { refresh, refreshUser, clock } = setup([true, true], { auth_refresh_age: 300 });
    await expect(refresh.current(ANN)).resolves.toBe(true);
    expect(refreshUser).toHaveBeenCalledWith({ name: 'ann', authState: { token: 't' } });
    clock.advance(299_000);
    await refresh.current(ANN);
    expect(refreshUser).toHaveBeenCalledTimes(1);
    clock.advance(1_000);
    await refresh.current(ANN);
    expect(refreshUser).toHaveBeenCalledTimes(2);
  });

  it('does not refresh right after a login', async () => {
    const { refresh, refreshUser } = setup([]);
    refresh.refreshed(ANN.id);
    await refresh.current(ANN);
    expect(refreshUser).not.toHaveBeenCalled();
  });

  it('ends the login when the authenticator answers false, and asks again next time', async () => {
    const { refresh, refreshUser } = setup([false, true]);
    await expect(refresh.current(ANN)).resolves.toBe(false);
    await expect(refresh.current(ANN)).resolves.toBe(true);
    expect(refreshUser).toHaveBeenCalledTimes(2);
  });

  it('records new details under the same name', async () => {
    const { refresh, record } = setup([{ name: 'someone-else', admin: true, groups: ['g'] }]);
    await expect(refresh.current(ANN)).resolves.toBe(true);
    expect(record).toHaveBeenCalledWith(
      expect.objectContaining({
        name: 'ann',
        admin: true,
        result: expect.objectContaining({ groups: ['g'] }),
      }),
    );
  });

  it('runs one refresh for concurrent requests of a user', async () => {
    const { refresh, refreshUser } = setup([true]);
    await Promise.all([refresh.current(ANN), refresh.current(ANN), refresh.current(ANN)]);
    expect(refreshUser).toHaveBeenCalledTimes(1);
  });

  it('never refreshes with auth_refresh_age 0, except before a spawn with refresh_pre_spawn', async () => {
    const { refresh, refreshUser } = setup([false], {
      auth_refresh_age: 0,
      refresh_pre_spawn: true,
    });
    await expect(refresh.current(ANN)).resolves.toBe(true);
    expect(refreshUser).not.toHaveBeenCalled();
    await expect(refresh.beforeSpawn(ANN)).rejects.toThrow(HubError);
    await expect(refresh.beforeSpawn(ANN)).resolves.toBeUndefined();
  });

  describe('when a refresh ends the login', () => {
    let warn: jest.SpyInstance;
    beforeEach(() => {
      warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    });
    afterEach(() => warn.mockRestore());

    it.each<[string, RefreshAnswer[], Fakes, string]>([
      ['the authenticator refuses', [false], {}, 'the authenticator refused to refresh it'],
      [
        'the new details are not admitted',
        [{ name: 'ann' }],
        { admitted: { ok: false, reason: 'not in allowed_users' } },
        'not in allowed_users',
      ],
      [
        'the details belong to another identity',
        [{ name: 'ann' }],
        { recorded: false },
        'another identity',
      ],
    ])('logs why when %s', async (_name, answers, fakes, reason) => {
      const { refresh, invalidate } = setup(answers, {}, fakes);
      await expect(refresh.current(ANN)).resolves.toBe(false);
      expect(warn).toHaveBeenCalledWith(`authentication of ann expired: ${reason}; login required`);
      expect((warn.mock.contexts[0] as { context: string }).context).toBe('auth');
      expect(invalidate).not.toHaveBeenCalled();
    });

    it('ends the login of a user no longer in the database', async () => {
      const { refresh, refreshUser } = setup([true]);
      await expect(refresh.current({ id: 99, name: 'gone' })).resolves.toBe(false);
      expect(refreshUser).not.toHaveBeenCalled();
    });

    it('refuses a spawn of an expired login with 403', async () => {
      const { refresh } = setup([false], { refresh_pre_spawn: true });
      const error = await refresh.beforeSpawn(ANN).catch((thrown: HubError) => thrown);
      expect(error).toBeInstanceOf(HubError);
      expect([(error as HubError).status, (error as HubError).message]).toEqual([
        403,
        'auth has expired for ann, login again',
      ]);
    });
  });

  it('admits new details as the existing user and drops cached credentials', async () => {
    const { refresh, found, invalidate } = setup([{ name: 'ann', admin: true }]);
    await expect(refresh.current(ANN)).resolves.toBe(true);
    expect(found).toEqual([{ id: ANN.id }, { id: ANN.id }]);
    expect(invalidate).toHaveBeenCalledTimes(1);
  });

  it('records nothing when the authenticator only confirms the login', async () => {
    const { refresh, admit, record } = setup([true]);
    await expect(refresh.current(ANN)).resolves.toBe(true);
    expect(admit).not.toHaveBeenCalled();
    expect(record).not.toHaveBeenCalled();
  });

  it('is inactive for an authenticator without refreshUser', async () => {
    expect(setup([], {}, { noRefresh: true }).refresh.active).toBe(false);
    expect(setup([]).refresh.active).toBe(true);
  });

  it('does not refresh before a spawn without refresh_pre_spawn', async () => {
    const { refresh, refreshUser } = setup([false], { refresh_pre_spawn: false });
    refresh.refreshed(ANN.id);
    await expect(refresh.beforeSpawn(ANN)).resolves.toBeUndefined();
    expect(refreshUser).not.toHaveBeenCalled();
  });
});
