import { FakeClock } from '@orrery/core';
import { MemoryNonceStore } from './nonce-store';

describe('MemoryNonceStore', () => {
  const start = '2026-01-01T00:00:00Z';
  const inSeconds = (clock: FakeClock, seconds: number) =>
    new Date(clock.now().getTime() + seconds * 1000);

  it('refuses a nonce seen before it expires, and takes it again after', () => {
    const clock = new FakeClock(start);
    const store = new MemoryNonceStore(clock, 10);
    expect(store.claim('k\n1\nn', inSeconds(clock, 600))).toBe(true);
    expect(store.claim('k\n1\nn', inSeconds(clock, 600))).toBe(false);
    expect(store.claim('k\n1\nother', inSeconds(clock, 600))).toBe(true);
    clock.advance(601_000);
    expect(store.claim('k\n1\nn', inSeconds(clock, 600))).toBe(true);
  });

  it('drops expired nonces as new ones arrive', () => {
    const clock = new FakeClock(start);
    const store = new MemoryNonceStore(clock, 100);
    for (let index = 0; index < 5; index += 1) store.claim(`old${index}`, inSeconds(clock, 10));
    clock.advance(11_000);
    store.claim('new', inSeconds(clock, 10));
    expect(store.size).toBe(1);
  });

  it('never holds more than its capacity, dropping the oldest first', () => {
    const clock = new FakeClock(start);
    const store = new MemoryNonceStore(clock, 3);
    for (const key of ['a', 'b', 'c', 'd']) store.claim(key, inSeconds(clock, 600));
    expect(store.size).toBe(3);
    expect(store.claim('d', inSeconds(clock, 600))).toBe(false);
    expect(store.claim('a', inSeconds(clock, 600))).toBe(true);
  });
});
