/**
 * Growing delays after failed logins, per client address and per account: the first
 * `freeFailures` cost nothing, then each failure closes the door for `delay` seconds, doubled
 * by every further one (capped), so guessing passwords from one address or at one account
 * crawls while a person who mistypes twice never notices. Time is passed in.
 */

export interface LoginThrottleSettings {
  enabled: boolean;
  freeFailures: number;
  /** seconds */
  delay: number;
}

/** The longest wait; how long a quiet key is remembered after its door reopens; how many keys. */
const MAX_DELAY_MS = 15 * 60_000;
const FORGET_AFTER_MS = 15 * 60_000;
const MAX_KEYS = 100_000;

interface Failures {
  count: number;
  /** ms since the epoch before which a login with this key is not even checked */
  until: number;
}

export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();

  constructor(private readonly settings: LoginThrottleSettings) {}

  /** ms still to wait before `keys` may try again (the longest of them); 0 when they may. */
  waitMs(keys: readonly string[], now: number): number {
    if (!this.settings.enabled) return 0;
    let wait = 0;
    for (const key of keys) {
      const entry = this.current(key, now);
      if (entry) wait = Math.max(wait, entry.until - now);
    }
    return wait;
  }

  /** Counts a failure for each key; answers the delay it now imposes, in ms. */
  fail(keys: readonly string[], now: number): number {
    if (!this.settings.enabled) return 0;
    let longest = 0;
    for (const key of keys) {
      const count = (this.current(key, now)?.count ?? 0) + 1;
      const over = count - this.settings.freeFailures;
      const delay =
        over > 0 ? Math.min(MAX_DELAY_MS, this.settings.delay * 1000 * 2 ** (over - 1)) : 0;
      this.failures.delete(key);
      this.failures.set(key, { count, until: now + delay });
      longest = Math.max(longest, delay);
    }
    this.forgetOldest();
    return longest;
  }

  /** A success forgets the account's failures (the address keeps its count). */
  succeed(key: string): void {
    this.failures.delete(key);
  }

  /** A key's failures, unless it has been quiet for FORGET_AFTER_MS since its door reopened. */
  private current(key: string, now: number): Failures | undefined {
    const entry = this.failures.get(key);
    return entry && now - entry.until <= FORGET_AFTER_MS ? entry : undefined;
  }

  /** Bounded memory: the keys failed longest ago go first (a Map keeps insertion order). */
  private forgetOldest(): void {
    while (this.failures.size > MAX_KEYS) {
      const oldest = this.failures.keys().next().value as string;
      this.failures.delete(oldest);
    }
  }
}
