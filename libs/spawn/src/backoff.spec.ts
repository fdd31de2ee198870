import { BackoffTimeout, exponentialBackoff, WaitDeps } from './backoff';
import { ServerExited, waitUp } from './wait-up';

/** Time moves only when the code under test sleeps; randomness is fixed. */
function fakeDeps(random = 1): WaitDeps & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => random,
  };
}

describe('exponentialBackoff', () => {
  it('waits up to a limit that doubles from 0.2 s and stops growing at 5 s', async () => {
    const deps = fakeDeps(0.9999);
    await expect(
      exponentialBackoff(
        async () => undefined,
        'gave up',
        { timeoutMs: 20_000, timeoutTolerance: 0 },
        deps,
      ),
    ).rejects.toThrow(new BackoffTimeout('gave up'));
    const limits = deps.sleeps.slice(0, 7).map((ms) => Math.round(ms / 0.9999));
    expect(limits).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('never sleeps past the deadline', async () => {
    const deps = fakeDeps(0.9999);
    await expect(
      exponentialBackoff(
        async () => undefined,
        'x',
        { timeoutMs: 1000, timeoutTolerance: 0 },
        deps,
      ),
    ).rejects.toThrow(BackoffTimeout);
    expect(deps.sleeps.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1000);
  });

  it('returns the first defined result', async () => {
    let calls = 0;
    const result = await exponentialBackoff(
      async () => (++calls === 3 ? 'up' : undefined),
      'x',
      { timeoutMs: 10_000 },
      fakeDeps(0.5),
    );
    expect([result, calls]).toEqual(['up', 3]);
  });
});

describe('waitUp', () => {
  it.each([[200], [302], [404], [499]])('counts status %i as up', async (status) => {
    await expect(
      waitUp('http://x/api', { timeoutMs: 1000, deps: fakeDeps(), get: async () => status }),
    ).resolves.toBe(status);
  });

  it('retries 5xx and refused connections until an answer below 500', async () => {
    const answers = [null, 503, 500, 200];
    const deps = fakeDeps(0.5);
    await expect(
      waitUp('http://x/api', { timeoutMs: 10_000, deps, get: async () => answers.shift() ?? null }),
    ).resolves.toBe(200);
    expect(deps.sleeps).toHaveLength(3);
  });

  it('asks often: the first wait is 10 ms and no wait is longer than 250 ms', async () => {
    const deps = fakeDeps(0.999);
    await expect(
      waitUp('http://x/api', { timeoutMs: 5000, deps, get: async () => null }),
    ).rejects.toThrow("didn't respond");
    expect(deps.sleeps[0]).toBeLessThan(10);
    expect(Math.max(...deps.sleeps)).toBeLessThan(250);
    expect(Math.max(...deps.sleeps)).toBeGreaterThan(240);
  });

  it("times out with JupyterHub's message", async () => {
    await expect(
      waitUp('http://x/user/a/api', { timeoutMs: 2000, deps: fakeDeps(0.5), get: async () => 500 }),
    ).rejects.toThrow("Server at http://x/user/a/api didn't respond in 2 seconds");
  });

  it('gives up at once when the server has exited', async () => {
    await expect(
      waitUp('http://x/api', {
        timeoutMs: 10_000,
        deps: fakeDeps(),
        get: async () => null,
        exited: async () => 3,
      }),
    ).rejects.toEqual(new ServerExited(3));
  });
});
