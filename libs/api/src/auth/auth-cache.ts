import { Injectable } from '@nestjs/common';
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
 * Resolved credentials, so a repeated token costs no database read. Correctness rule: every
 * change that can revoke a token or change anyone's scopes calls `invalidate()` before its
 * response is sent (the API does it for every mutating request), so revocation and scope
 * changes take effect on the very next request; expiry is checked on every hit.
 */
@Injectable()
export class AuthCache {
  private generation = 0;
  private readonly entries = new Map<string, CacheEntry>();
  private static readonly MAX_ENTRIES = 50_000;

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

  set(key: string, entry: Omit<CacheEntry, 'generation'>): void {
    if (this.entries.size >= AuthCache.MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { ...entry, generation: this.generation });
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }
}
