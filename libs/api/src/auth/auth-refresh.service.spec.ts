import type { AuthenticatorRegistry, AuthResult } from '@orrery/auth';
import { FakeClock, HubConfig, HubError } from '@orrery/core';
import type { DataSource } from 'typeorm';
import type { LoginRecords } from '../domain/login-records.service';
import type { AuthCache } from './auth-cache';
import { AuthRefresh } from './auth-refresh.service';

type RefreshAnswer = AuthResult | boolean;
const ANN = { id: 7, name: 'ann' };

/** AuthRefresh over an authenticator whose refreshUser answers `answers` in turn. */
function setup(answers: RefreshAnswer[], settings: Record<string, unknown> = {}) {
  const config = new HubConfig();
  Object.assign(config.Authenticator, settings);
  const clock = new FakeClock(new Date('2026-12-01T00:00:00Z'));
  const refreshUser = jest.fn(async () => answers.shift() ?? true);
  const registry = {
    authenticator: { refreshUser },
    admit: jest.fn(async (result: AuthResult) => ({
      ok: true,
      name: result.name,
      admin: result.admin,
      result,
    })),
  } as unknown as AuthenticatorRegistry;
  const record = jest.fn(async () => ({ id: ANN.id }));
  const records = { record, authStateOf: () => ({ token: 't' }) } as unknown as LoginRecords;
  const dataSource = {
    getRepository: () => ({ findOneBy: async () => ({ ...ANN, encryptedAuthState: 'x' }) }),
  } as unknown as DataSource;
  const cache = { invalidate: jest.fn() } as unknown as AuthCache;
  const refresh = new AuthRefresh(config, registry, records, cache, clock, dataSource);
  return { refresh, refreshUser, record, clock };
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
});
