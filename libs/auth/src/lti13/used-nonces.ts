import { Clock } from '@orrery/core';

/**
 * Nonces of the launches already taken, each kept until its id_token could no longer pass the
 * time checks, so a captured launch (id_token, state and cookie together) cannot log in again.
 * In memory: the hub is one process, and a restart forgets only launches minutes old.
 */
export class UsedNonces {
  /** nonce -> until (ms); a Map iterates in insertion order, so the oldest come first */
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly capacity = 100_000,
  ) {}

  /** false when `nonce` was used before; otherwise remembers it until `until`. */
  use(nonce: string, until: Date): boolean {
    const now = this.clock.now().getTime();
    const known = this.seen.get(nonce);
    if (known !== undefined && known > now) return false;
    this.seen.delete(nonce);
    for (const [old, expiry] of this.seen) {
      if (expiry > now && this.seen.size < this.capacity) break;
      this.seen.delete(old);
    }
    this.seen.set(nonce, until.getTime());
    return true;
  }
}
