import { Inject, Injectable } from '@nestjs/common';
import { ModelGeneration } from '@orrery/core';
import { createHash } from 'node:crypto';
import { AuthContext } from './auth-context';

interface CacheEntry {
  generation: number;
  context: AuthContext;
  expiresAt: number | null;
  /** ms since epoch of the last activity written for this token */
  lastActivityWrite: number;
  note: string;
}

/**
 * Resolved credentials, so a repeated token costs no database read.
 *
 * Correctness rules, so every change shows on the very next request:
 * - a change that can revoke a token or change anyone's scopes calls `invalidate()` before its
 *   response is sent (the API does it for every mutating request, see
 *   auth-cache-invalidation.ts); expiry is checked on every hit;
 * - a change that alters only what a user or service model shows (activity, a server that
 *   becomes pending, ready or stopped, spawner state) calls `modelsChanged()` here, or
 *   ModelGeneration.bump() (libs/core) outside libs/api, right after it lands: activity
 *   reports, token activity, the proxy's activity pull, the spawner. `invalidate()` implies it;
 *   outside libs/api ModelGeneration.credentialsChanged() is `invalidate()` (a stopped
 *   server's tokens).
 */
@Injectable()
export class AuthCache {
  private readonly entries = new Map<string, CacheEntry>();
  private static readonly MAX_ENTRIES = 50_000;

  constructor(@Inject(ModelGeneration) private readonly models: ModelGeneration) {}

  /** Moves with every invalidation, here or outside libs/api (ModelGeneration). */
  private get generation(): number {
    return this.models.credentialCount;
  }

  static keyOf(token: string): string {
    return createHash('sha256').update(token).digest('base64');
  }

  get(key: string, nowMs: number): CacheEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (
      entry.generation !== this.generation ||
      (entry.expiresAt !== null && entry.expiresAt < nowMs)
    ) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Read before the database reads that resolve a credential, and passed to `set`. */
  get credentialGeneration(): number {
    return this.generation;
  }

  /**
   * `resolvedAt` is the credentialGeneration read before the entry was resolved: when an
   * `invalidate()` came in between, the entry may hold what it revoked, so it is not kept.
   */
  set(
    key: string,
    entry: Omit<CacheEntry, 'generation'>,
    resolvedAt: number = this.generation,
  ): void {
    if (resolvedAt !== this.generation) return;
    if (this.entries.size >= AuthCache.MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { ...entry, generation: this.generation });
  }

  invalidate(): void {
    this.models.credentialsChanged();
    this.entries.clear();
  }

  /** Cached models stamped with an older generation are rebuilt. */
  get modelGeneration(): number {
    return this.models.current;
  }

  /** Any model read from the database before now is stale (credentials stay valid). */
  modelsChanged(): void {
    this.models.bump();
  }
}
