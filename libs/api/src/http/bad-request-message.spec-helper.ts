import { HubError } from '@orrery/core';

/**
 * For specs of request checks: the message of the 400 an action throws. Anything else (no
 * error, another status, not a HubError) fails the calling test.
 */
export function badRequestMessage(action: () => unknown): string | null {
  try {
    action();
  } catch (error) {
    if (error instanceof HubError && error.status === 400) return error.hubMessage;
    throw error;
  }
  throw new Error('expected a 400');
}
