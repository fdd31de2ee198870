import { Injectable } from '@nestjs/common';

/**
 * Counts the changes to what user, server and service models show, so a model kept in memory
 * (`GET /hub/api/user` keeps its response per credential) is current while the count stands;
 * and, apart, the changes that can revoke a credential or change scopes, which also make the
 * resolved credentials libs/api keeps stale.
 *
 * Contract: whoever changes such a thing outside a mutating API request calls `bump()` right
 * after the write lands (or the in-memory state changes): activity writes, the proxy's activity
 * pull, a server becoming pending, ready or stopped, spawner state. Mutating API requests are
 * covered: libs/api bumps for each of them before its response is sent.
 */
@Injectable()
export class ModelGeneration {
  private count = 0;
  private credentials = 0;

  get current(): number {
    return this.count;
  }

  bump(): void {
    this.count++;
  }

  get credentialCount(): number {
    return this.credentials;
  }

  /**
   * Tokens or scopes changed outside a mutating API request (a stopped server's tokens are
   * deleted): credentials resolved before now must be resolved again, and models rebuilt.
   */
  credentialsChanged(): void {
    this.credentials++;
    this.count++;
  }
}
