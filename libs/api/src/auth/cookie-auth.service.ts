import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, HubConfig, rawQuery, UserEntity } from '@orrery/core';
import { ScopeSet } from '@orrery/rbac';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { AuthCache } from './auth-cache';
import { AuthContext } from './auth-context';
import { LoginSessionService } from './login-session.service';
import { OwnerScopesService } from './owner-scopes.service';

interface CookieUserRow {
  id: number;
  name: string;
  admin: unknown;
}

/**
 * Resolves the hub login cookie to its user. The user row is read on every request (one
 * indexed lookup of users.cookie_id), so rotating cookie_id logs every browser out on its very
 * next request; only the user's expanded scopes are cached, in AuthCache, which every change
 * of roles, groups or shares invalidates.
 */
@Injectable()
export class CookieAuthService {
  private readonly logger = new Logger('auth');
  /** user id -> ms of the last last_activity write, throttled by activity_resolution */
  private readonly activityWrites = new Map<number, number>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AuthCache) private readonly cache: AuthCache,
    @Inject(OwnerScopesService) private readonly ownerScopes: OwnerScopesService,
    @Inject(LoginSessionService) private readonly session: LoginSessionService,
  ) {}

  async authenticate(request: FastifyRequest, reply: FastifyReply): Promise<AuthContext | null> {
    const cookieId = this.session.loginCookieId(request);
    if (!cookieId) return null;
    const rows = await rawQuery<CookieUserRow>(
      this.dataSource,
      'SELECT id, name, admin FROM users WHERE cookie_id = ?',
      [cookieId],
    );
    if (!rows.length) return null;
    const user = { id: Number(rows[0].id), name: rows[0].name, admin: Boolean(rows[0].admin) };
    this.session.markLoggedIn(request, cookieId);
    const sessionId = this.session.ensureSessionId(request, reply);
    await this.recordActivity(user.id);
    return {
      kind: 'user',
      id: user.id,
      name: user.name,
      admin: user.admin,
      tokenId: null,
      sessionId,
      scopes: await this.scopesOf(user),
    };
  }

  private async scopesOf(user: { id: number; name: string }): Promise<ScopeSet> {
    const key = `cookie-user:${user.id}`;
    const cached = this.cache.get(key, this.clock.now().getTime());
    if (cached) return cached.context.scopes;
    const resolvedAt = this.cache.credentialGeneration;
    const scopes = new ScopeSet(
      await this.ownerScopes.ownerScopes({ kind: 'user', name: user.name }, user.id),
    );
    const context: AuthContext = {
      kind: 'user',
      id: user.id,
      name: user.name,
      admin: false,
      tokenId: null,
      sessionId: null,
      scopes,
    };
    this.cache.set(key, { context, expiresAt: null, lastActivityWrite: 0, note: '' }, resolvedAt);
    return scopes;
  }

  /**
   * A browser request is activity of its user (JupyterHub's _record_activity). Awaited, so no
   * write outlives the database at shutdown; it happens once per activity_resolution.
   */
  private async recordActivity(userId: number): Promise<void> {
    const now = this.clock.now();
    const last = this.activityWrites.get(userId) ?? 0;
    if (now.getTime() - last < this.config.JupyterHub.activity_resolution * 1000) return;
    this.activityWrites.set(userId, now.getTime());
    try {
      await this.dataSource.getRepository(UserEntity).update({ id: userId }, { lastActivity: now });
      // last_activity shows in the user model that GET /hub/api/user may have kept
      this.cache.modelsChanged();
    } catch (error) {
      // activity is bookkeeping: a failed write must not fail the user's request
      this.logger.warn(`could not record activity of user ${userId}: ${String(error)}`);
    }
  }
}
