import { Injectable } from '@nestjs/common';

/**
 * Counts the changes to what user, server and service models show, so a model kept in memory
 * (`GET /hub/api/user` keeps its response per credential) is current while the count stands.
 *
 * Contract: whoever changes such a thing outside a mutating API request calls `bump()` right
 * after the write lands (or the in-memory state changes): activity writes, the proxy's activity
 * pull, a server becoming pending, ready or stopped, spawner state. Mutating API requests are
 * covered: libs/api bumps for each of them before its response is sent.
 */
@Injectable()
export class ModelGeneration {
  private count = 0;

  get current(): number {
    return this.count;
  }

  bump(): void {
    this.count++;
  }
}
