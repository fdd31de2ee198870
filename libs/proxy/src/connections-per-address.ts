import type { Socket } from 'node:net';

/**
 * Counts the public port's open connections per client address and refuses one past the cap:
 * one client holding thousands of idle or slow connections would take the descriptors every
 * other client, and the hub API, need. A connection counts from accept to close, whatever it does.
 */
export class ConnectionsPerAddress {
  private readonly open = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Counts `socket` until it closes and returns true, or returns false when its address is at the cap. */
  admit(socket: Socket): boolean {
    const address = socket.remoteAddress ?? '';
    const count = this.open.get(address) ?? 0;
    if (count >= this.max) return false;
    this.open.set(address, count + 1);
    socket.once('close', () => {
      const left = (this.open.get(address) ?? 1) - 1;
      if (left === 0) this.open.delete(address);
      else this.open.set(address, left);
    });
    return true;
  }
}
