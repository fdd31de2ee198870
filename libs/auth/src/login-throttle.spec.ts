import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  const throttle = () => new LoginThrottle({ enabled: true, freeFailures: 2, delay: 1 });

  it('lets the free failures through, then doubles the delay with each failure', () => {
    const t = throttle();
    const delays = [0, 0, 0, 0, 0].map((_, i) => t.fail(['ip:a'], i * 10_000));
    expect(delays).toEqual([0, 0, 1000, 2000, 4000]);
    expect(t.waitMs(['ip:a'], 40_000 + 1000)).toBe(3000);
    expect(t.waitMs(['ip:a'], 40_000 + 4000)).toBe(0);
  });

  it('forgets a key quiet for 15 minutes after its delay ran out', () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) t.fail(['ip:a'], 0);
    expect(t.fail(['ip:a'], 1000 + 15 * 60_000 + 1)).toBe(0);
  });

  it('answers the longest wait of the keys asked about', () => {
    const t = throttle();
    for (let i = 0; i < 4; i++) t.fail(['user:ann'], 0);
    expect(t.waitMs(['ip:b', 'user:ann'], 0)).toBe(2000);
    expect(t.waitMs(['ip:b', 'user:bob'], 0)).toBe(0);
  });

  it('caps the delay at 15 minutes', () => {
    const t = throttle();
    let delay = 0;
    for (let i = 0; i < 40; i++) delay = t.fail(['ip:a'], 0);
    expect(delay).toBe(15 * 60_000);
  });

  it('forgets an account after a success', () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) t.fail(['user:ann'], 0);
    t.succeed('user:ann');
    expect(t.waitMs(['user:ann'], 0)).toBe(0);
  });

  it('does nothing when switched off', () => {
    const t = new LoginThrottle({ enabled: false, freeFailures: 1, delay: 1 });
    for (let i = 0; i < 5; i++) expect(t.fail(['ip:a'], 0)).toBe(0);
    expect(t.waitMs(['ip:a'], 0)).toBe(0);
  });
});
