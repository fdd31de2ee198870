import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import {
  ApiTokenEntity,
  Clock,
  HubConfig,
  matchesTokenHash,
  tokenPrefix,
  UserEntity,
} from '@orrery/core';
import { ScopeOwner, ScopeSet, tokenEffectiveScopes } from '@orrery/rbac';
import { DataSource, IsNull, MoreThanOrEqual } from 'typeorm';
import { AuthCache } from './auth-cache';
import { AuthContext } from './auth-context';
import { OwnerScopesService } from './owner-scopes.service';
import { CULLER_TOKEN_NOTE } from '../culler/kernel-probe.service';

const AUTH_HEADER = /^(?:token|bearer)\s+([^\s]+)$/i;

export function tokenFromHeader(header: string | undefined): string | null {
  if (!header) return null;
  const match = AUTH_HEADER.exec(header.trim());
  return match ? match[1] : null;
}

/**
 * Resolves an API token to its owner and effective scopes: one indexed query on the 4-char
 * prefix, a constant-time hash comparison, then the owner's scopes intersected with the
 * token's. Results are cached in AuthCache (see there for why that is safe).
 */
@Injectable()
export class TokenAuthService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('auth');
  /** activity writes not awaited by requests; finished before the database closes */
  private readonly pendingWrites = new Set<Promise<unknown>>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AuthCache) private readonly cache: AuthCache,
    @Inject(OwnerScopesService) private readonly ownerScopes: OwnerScopesService,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.pendingWrites);
  }

  async authenticate(token: string): Promise<AuthContext | null> {
    const now = this.clock.now();
    const key = AuthCache.keyOf(token);
    const cached = this.cache.get(key, now.getTime());
    if (cached) {
      this.recordActivity(cached, now);
      return cached.context;
    }
    const resolvedAt = this.cache.credentialGeneration;
    const row = await this.findToken(token, now);
    if (!row) return null;
    const context = await this.contextFor(row);
    if (!context) return null;
    const entry = {
      context,
      expiresAt: row.expiresAt?.getTime() ?? null,
      lastActivityWrite: 0,
      note: row.note,
    };
    // before caching, so the cached copy knows this activity is written
    this.recordActivity(entry, now);
    this.cache.set(key, entry, resolvedAt);
    return context;
  }

  /** The stored token row matching `token`, if it exists and has not expired. */
  async findToken(token: string, now = this.clock.now()): Promise<ApiTokenEntity | null> {
    const candidates = await this.dataSource.getRepository(ApiTokenEntity).find({
      where: [
        { prefix: tokenPrefix(token), expiresAt: IsNull() },
        { prefix: tokenPrefix(token), expiresAt: MoreThanOrEqual(now) },
      ],
      relations: { user: true, service: true },
    });
    return candidates.find((candidate) => matchesTokenHash(token, candidate.hashed)) ?? null;
  }

  private async contextFor(row: ApiTokenEntity): Promise<AuthContext | null> {
    const ownerEntity = row.user ?? row.service;
    if (!ownerEntity) return null;
    const owner: ScopeOwner = { kind: row.user ? 'user' : 'service', name: ownerEntity.name };
    const ownerScopes = await this.ownerScopes.ownerScopes(owner, ownerEntity.id);
    const client = await this.ownerScopes.clientRef(row.clientId);
    const membersOf = await this.ownerScopes.membersOf([row.scopes, ownerScopes]);
    const scopes = tokenEffectiveScopes({
      tokenScopes: row.scopes,
      ownerScopes,
      owner,
      client,
      custom: this.ownerScopes.customScopes,
      membersOf,
    });
    return {
      kind: owner.kind,
      id: ownerEntity.id,
      name: ownerEntity.name,
      admin: ownerEntity.admin,
      tokenId: row.id,
      sessionId: row.sessionId,
      scopes: new ScopeSet(scopes),
    };
  }

  /**
   * JupyterHub's activity bookkeeping, at most once per `activity_resolution` per token:
   * the token's last_activity, and its user's unless it is a server's own token.
   */
  private recordActivity(
    entry: { context: AuthContext; lastActivityWrite: number; note: string },
    now: Date,
  ): void {
    const resolutionMs = this.config.JupyterHub.activity_resolution * 1000;
    if (now.getTime() - entry.lastActivityWrite < resolutionMs) return;
    entry.lastActivityWrite = now.getTime();
    const { context } = entry;
    const writes: Promise<unknown>[] = [
      this.dataSource
        .getRepository(ApiTokenEntity)
        .update({ id: context.tokenId as number }, { lastActivity: now }),
    ];
    // neither a server's own token nor the culler's kernel check is the user being active
    const ownUse = !entry.note.startsWith('Server at ') && entry.note !== CULLER_TOKEN_NOTE;
    if (context.kind === 'user' && ownUse) {
      writes.push(
        this.dataSource.getRepository(UserEntity).update({ id: context.id }, { lastActivity: now }),
      );
    }
    // models read while the write is in flight may or may not see it: stale both ways
    this.cache.modelsChanged();
    const pending = Promise.all(writes)
      .catch((error: unknown) =>
        this.logger.warn(`could not record token activity: ${String(error)}`),
      )
      .finally(() => {
        this.cache.modelsChanged();
        this.pendingWrites.delete(pending);
      });
    this.pendingWrites.add(pending);
  }
}
