import { limitsFor, serverVerdict, userVerdict } from './cull-rules';

const DEFAULTS = { timeout: 3600, max_age: 0 };
const POLICIES = [
  { group: 'learners', timeout: 1800 },
  { group: 'instructors', timeout: 7200, max_age: 86400 },
  { group: 'graders', timeout: 600, max_age: 0 },
];

describe('limitsFor', () => {
  it.each([
    ['nobody in a policy group gets the defaults', [], 3600, 0, []],
    [
      'a learner gets the learners timeout, shorter than the default',
      ['learners'],
      1800,
      0,
      ['learners'],
    ],
    [
      'a learner who is also an instructor gets the longest timeout',
      ['learners', 'instructors'],
      7200,
      // the learners' policy has no max_age: the default (0, never) is theirs, and never wins
      0,
      ['learners', 'instructors'],
    ],
    [
      'a max_age of 0 (never) wins over a number',
      ['instructors', 'graders'],
      7200,
      0,
      ['instructors', 'graders'],
    ],
    ['groups without a policy do not count', ['other'], 3600, 0, []],
  ])('%s', (_name, groups, timeout, maxAge, from) => {
    expect(limitsFor(DEFAULTS, POLICIES, groups as string[])).toEqual({
      timeout,
      maxAge,
      groups: from,
    });
  });
});

describe('serverVerdict', () => {
  const limits = { timeout: 60, maxAge: 0, groups: [] };
  const at = (seconds: number) => seconds * 1000;
  const base = { now: at(1000), started: at(0), busyKernel: null, busyCap: 0 };

  it('keeps a server active within the timeout', () => {
    expect(serverVerdict({ ...base, lastActivity: at(950) }, limits)).toEqual({
      cull: false,
      busy: false,
    });
  });

  it('culls a server idle for longer than the timeout', () => {
    expect(serverVerdict({ ...base, lastActivity: at(900) }, limits)).toMatchObject({
      cull: true,
      reason: 'idle',
    });
  });

  it('keeps an idle server with a busy kernel up to the cap, then culls it', () => {
    const busy = { ...base, lastActivity: at(900), busyKernel: true, busyCap: 300 };
    expect(serverVerdict(busy, limits)).toEqual({ cull: false, busy: true });
    expect(serverVerdict({ ...busy, now: at(1201) }, limits)).toMatchObject({
      cull: true,
      reason: 'busy_cap',
    });
  });

  it('does not count a busy kernel when busy_cap is 0', () => {
    const busy = { ...base, lastActivity: at(900), busyKernel: true, busyCap: 0 };
    expect(serverVerdict(busy, limits)).toMatchObject({ cull: true, reason: 'idle' });
  });

  it('culls an active server older than max_age', () => {
    expect(
      serverVerdict({ ...base, lastActivity: at(999) }, { ...limits, maxAge: 500 }),
    ).toMatchObject({
      cull: true,
      reason: 'max_age',
    });
  });
});

describe('userVerdict', () => {
  const limits = { timeout: 60, maxAge: 0, groups: [] };
  const idle = { admin: false, active: false, lastActivity: 0, created: 0 };
  it.each([
    ['an idle user', idle, true],
    ['an idle admin', { ...idle, admin: true }, false],
    ['an idle user with a running server', { ...idle, active: true }, false],
    ['a user active within the timeout', { ...idle, lastActivity: 950_000 }, false],
  ])('%s', (_name, user, culled) => {
    expect(userVerdict(user, 1_000_000, limits)).toBe(culled);
  });
});
