import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthenticatorRegistry } from '@orrery/auth';
import { Clock, HubConfig, HubError, UserEntity } from '@orrery/core';
import { DataSource } from 'typeorm';
import { isValidUsername } from '../domain/user-names';
import { LoginRecords } from '../domain/login-records.service';
import { AuthCache } from './auth-cache';

/**
 * JupyterHub's refresh_auth: a user's authentication is asked again of the authenticator
 * (`refreshUser`) once it is older than `Authenticator.auth_refresh_age`, and before a spawn
 * with `refresh_pre_spawn`. false ends the login; new details are recorded as at login.
 * As in JupyterHub, when each user was last refreshed is kept in memory only: after a
 * restart every user is refreshed at their next request. Authenticators without
 * `refreshUser` cost nothing here.
 */
@Injectable()
export class AuthRefresh {
  private readonly logger = new Logger('auth');
  private readonly lastRefreshed = new Map<number, number>();
  /** one refresh per user at a time; concurrent requests share its answer */
  private readonly running = new Map<number, Promise<boolean>>();

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(AuthenticatorRegistry) private readonly registry: AuthenticatorRegistry,
    @Inject(LoginRecords) private readonly records: LoginRecords,
    @Inject(AuthCache) private readonly authCache: AuthCache,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /**
   * Whether a request may need a refresh at all: false for authenticators without
   * `refreshUser`, so the guard skips the call (and its await) on every request.
   */
  get active(): boolean {
    return this.registry.authenticator.refreshUser !== undefined;
  }

  /** A login just happened: its authentication is fresh. */
  refreshed(userId: number): void {
    this.lastRefreshed.set(userId, this.clock.now().getTime());
  }

  /** Whether the user's authentication still holds, refreshed first when due (or `force`). */
  async current(user: { id: number; name: string }, force = false): Promise<boolean> {
    if (!this.active || !this.due(user.id, force)) return true;
    let running = this.running.get(user.id);
    if (!running) {
      running = this.refresh(user).finally(() => this.running.delete(user.id));
      this.running.set(user.id, running);
    }
    return running;
  }

  /** With `refresh_pre_spawn`, a spawn refreshes its user first; an expired login may not spawn. */
  async beforeSpawn(user: { id: number; name: string }): Promise<void> {
    if (!this.config.Authenticator.refresh_pre_spawn) return;
    if (!(await this.current(user, true))) {
      throw new HubError(403, `auth has expired for ${user.name}, login again`);
    }
  }

  private due(userId: number, force: boolean): boolean {
    if (force) return true;
    const age = this.config.Authenticator.auth_refresh_age;
    // JupyterHub: an age of 0 turns the periodic refresh off
    if (age <= 0) return false;
    const last = this.lastRefreshed.get(userId);
    return last === undefined || this.clock.now().getTime() - last >= age * 1000;
  }

  private async refresh(user: { id: number; name: string }): Promise<boolean> {
    const row = await this.dataSource.getRepository(UserEntity).findOneBy({ id: user.id });
    if (!row) return false;
    const refreshUser = this.registry.authenticator.refreshUser!.bind(this.registry.authenticator);
    const answer = await refreshUser({ name: row.name, authState: this.records.authStateOf(row) });
    if (answer === false) return this.expired(user, 'the authenticator refused to refresh it');
    if (answer !== true) {
      const outcome = await this.registry.admit(
        { ...answer, name: row.name },
        { find: async () => ({ id: row.id }), ensure: async () => ({ id: row.id }) },
        isValidUsername,
      );
      if (!outcome.ok) return this.expired(user, outcome.reason);
      if (!(await this.records.record(outcome))) return this.expired(user, 'another identity');
      this.authCache.invalidate();
    }
    this.refreshed(user.id);
    return true;
  }

  private expired(user: { id: number; name: string }, reason: string): false {
    this.lastRefreshed.delete(user.id);
    this.logger.warn(`authentication of ${user.name} expired: ${reason}; login required`);
    return false;
  }
}
