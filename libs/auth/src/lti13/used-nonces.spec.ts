import { FakeClock } from '@orrery/core';
import { UsedNonces } from './used-nonces';

describe('UsedNonces', () => {
  const clock = new FakeClock('2026-05-01T10:00:00Z');
  const later = (seconds: number) => new Date(clock.now().getTime() + seconds * 1000);

  it('takes a nonce once while its token could still pass', () => {
    const nonces = new UsedNonces(clock);
    expect(nonces.use('n1', later(600))).toBe(true);
    expect(nonces.use('n1', later(600))).toBe(false);
    expect(nonces.use('n2', later(600))).toBe(true);
  });

  it('forgets a nonce once its token has expired anyway', () => {
    const nonces = new UsedNonces(clock);
    nonces.use('n1', later(60));
    clock.advance(61_000);
    expect(nonces.use('n1', later(60))).toBe(true);
  });

  it('drops the oldest nonces beyond its capacity', () => {
    const nonces = new UsedNonces(clock, 2);
    nonces.use('a', later(600));
    nonces.use('b', later(600));
    nonces.use('c', later(600));
    expect(nonces.use('b', later(600))).toBe(false);
    expect(nonces.use('a', later(600))).toBe(true);
  });
});
