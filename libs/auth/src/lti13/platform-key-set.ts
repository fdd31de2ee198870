import { Clock } from '@orrery/core';
import {
  createLocalJWKSet,
  errors,
  FlattenedJWSInput,
  JSONWebKeySet,
  JWSHeaderParameters,
  KeyLike,
} from 'jose';

/** The platform's JWKS could not be read (down, slow, not a key set). */
export class PlatformKeysUnavailable extends Error {
  override name = 'PlatformKeysUnavailable';
}

/** Reads the key set document; rejects when it cannot. */
export type LoadKeySet = () => Promise<unknown>;

/** GETs `url` with a timeout, so a hanging platform does not hold the launch forever. */
export function httpKeySet(url: string, timeoutMs: number): LoadKeySet {
  return async () => {
    const response = await fetch(url, {
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.json();
  };
}

export interface KeySetTiming {
  /** keys older than this are fetched again (the old ones serve if the platform is down) */
  maxAgeMs: number;
  /** an unknown kid fetches again at most this often, so forged kids cannot flood the platform */
  cooldownMs: number;
}

type KeyLookup = (header?: JWSHeaderParameters, token?: FlattenedJWSInput) => Promise<KeyLike>;

/**
 * The platform's signing keys, cached: fetched on first use, again when older than
 * `maxAgeMs`, and again when a token names a key the cache lacks (the platform rotated its
 * keys). Concurrent launches share one fetch.
 */
export class PlatformKeySet {
  private lookup: KeyLookup | null = null;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private pending: Promise<void> | null = null;

  constructor(
    private readonly load: LoadKeySet,
    private readonly clock: Clock,
    private readonly timing: KeySetTiming,
  ) {}

  /** The key for a token's header, as jose's jwtVerify asks for it. */
  readonly getKey = async (
    header: JWSHeaderParameters,
    token: FlattenedJWSInput,
  ): Promise<KeyLike> => {
    if (!this.lookup) await this.refresh();
    // stale keys still verify while the platform is down; the next launch tries again
    else if (this.age() >= this.timing.maxAgeMs) await this.refresh().catch(() => undefined);
    try {
      return await this.current()(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      if (this.age() < this.timing.cooldownMs) throw error;
      await this.refresh();
      return this.current()(header, token);
    }
  };

  private current(): KeyLookup {
    if (!this.lookup) throw new PlatformKeysUnavailable('no keys loaded');
    return this.lookup;
  }

  private age(): number {
    return this.clock.now().getTime() - this.fetchedAt;
  }

  private refresh(): Promise<void> {
    this.pending ??= this.fetch().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async fetch(): Promise<void> {
    let document: unknown;
    try {
      document = await this.load();
    } catch (error) {
      throw new PlatformKeysUnavailable(`cannot fetch the key set: ${(error as Error).message}`);
    }
    try {
      this.lookup = createLocalJWKSet(document as JSONWebKeySet);
    } catch (error) {
      throw new PlatformKeysUnavailable(`not a key set: ${(error as Error).message}`);
    }
    this.fetchedAt = this.clock.now().getTime();
  }
}
