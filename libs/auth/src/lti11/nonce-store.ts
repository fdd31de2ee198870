import { Clock } from '@orrery/core';

/**
 * Remembers the launches already seen (consumer key, timestamp, nonce), so a captured launch
 * form cannot be posted again while its timestamp is still inside the window.
 */
export interface NonceStore {
  /** false when the nonce was already used; otherwise records it until `expiresAt`. */
  claim(key: string, expiresAt: Date): boolean;
}

/**
 * In memory, bounded and expiring. Entries live until their timestamp leaves the window; when
 * `capacity` is reached the oldest go first (a launch that old would then only pass the window
 * check if the LMS's clock were far ahead, which is the consumer's own risk).
 */
export class MemoryNonceStore implements NonceStore {
  /** key -> expiry in ms; a Map iterates in insertion order, so the oldest come first. */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly capacity: number,
  ) {}

  claim(key: string, expiresAt: Date): boolean {
    const now = this.clock.now().getTime();
    const known = this.seen.get(key);
    if (known !== undefined && known > now) return false;
    this.seen.delete(key);
    this.dropExpired(now);
    while (this.seen.size >= this.capacity) {
      const oldest = this.seen.keys().next().value as string;
      this.seen.delete(oldest);
    }
    this.seen.set(key, expiresAt.getTime());
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  /** Stops at the first live entry: entries are in arrival order and expiries mostly follow. */
  private dropExpired(now: number): void {
    for (const [key, expiry] of this.seen) {
      if (expiry > now) return;
      this.seen.delete(key);
    }
  }
}
