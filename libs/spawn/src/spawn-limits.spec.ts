import { HubError } from '@orrery/core';
import { checkSpawnLimits, humanRetryTime } from './spawn-limits';

function refusal(
  counts: { pending: number; active: number },
  limits: { concurrentSpawnLimit: number; activeServerLimit: number },
  random = 0,
) {
  try {
    checkSpawnLimits(counts, limits, () => random);
    return null;
  } catch (error) {
    const e = error as HubError;
    return { status: e.status, message: e.hubMessage, headers: e.headers };
  }
}

describe('spawn limits', () => {
  const limits = { concurrentSpawnLimit: 2, activeServerLimit: 3 };

  it('lets a start through below both limits', () => {
    expect(refusal({ pending: 1, active: 2 }, limits)).toBeNull();
  });

  it('throttles with 429 and a Retry-After between 30 and 60 s at the concurrent spawn limit', () => {
    expect(refusal({ pending: 2, active: 0 }, limits, 0)).toEqual({
      status: 429,
      message: 'Too many users trying to log in right now. Try again in 30 seconds.',
      headers: { 'Retry-After': '30' },
    });
    expect(refusal({ pending: 2, active: 0 }, limits, 0.999)?.headers).toEqual({
      'Retry-After': '59',
    });
  });

  it('refuses with 429 at the active server limit', () => {
    expect(refusal({ pending: 0, active: 3 }, limits)).toMatchObject({
      status: 429,
      message: 'Active user limit exceeded. Try again in a few minutes.',
    });
  });

  it('treats 0 as no limit', () => {
    expect(
      refusal({ pending: 500, active: 500 }, { concurrentSpawnLimit: 0, activeServerLimit: 0 }),
    ).toBeNull();
  });

  it.each([
    [30, '30 seconds'],
    [31, '40 seconds'],
    [90, '90 seconds'],
    [91, '2 minutes'],
    [150, '3 minutes'],
  ])('words a wait of %i s as %j', (seconds, words) => {
    expect(humanRetryTime(seconds)).toBe(words);
  });
});
