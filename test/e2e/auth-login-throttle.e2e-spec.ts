import { FakeClock } from '@orrery/core';
import { submitLoginForm } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { captureWarnings } from './fixtures/login-checks';

// every checked attempt hashes a password (bcrypt): slow on a loaded machine
jest.setTimeout(30_000);

/** A hub of this describe block: two free failures, then 1 s, doubling, on `clock`. */
function throttledHub(clock: FakeClock, started: (hub: HubFixture) => void): void {
  let hub: HubFixture | undefined;
  beforeAll(async () => {
    hub = await startHub(
      { Authenticator: { login_throttle_free_failures: 2, login_throttle_delay: 1 } },
      clock,
    );
    started(hub);
  });
  afterAll(() => hub?.close());
}

describe('failed logins are logged and throttled', () => {
  const clock = new FakeClock();
  let hub: HubFixture;
  const warned = captureWarnings();
  throttledHub(clock, (started) => (hub = started));

  const attempt = (username: string, password: string) =>
    submitLoginForm(hub, { username, password });

  it('logs a failed login in one line with user, address and reason', async () => {
    await attempt('logged', 'logged-secret');
    expect((await attempt('logged', 'not-the-secret')).status).toBe(403);
    warned('login failed user="logged" ip=127.0.0.1 reason="rejected by the authenticator"');
    clock.advance(60 * 60_000);
  });

  afterEach(() => clock.advance(60 * 60_000));

  it('failed logins are throttled per address with growing delays', async () => {
    expect((await attempt('owner', 'owner-secret')).status).toBe(302);
    // two free failures, then 1 s, then 2 s, whichever names they try from this address
    expect((await attempt('other-1', 'short')).status).toBe(403);
    expect((await attempt('other-2', 'short')).status).toBe(403);
    expect((await attempt('other-3', 'short')).status).toBe(403);
    const shut = await attempt('owner', 'owner-secret');
    expect(shut.status).toBe(429);
    expect(shut.text).toContain('Too many failed logins');
    warned('login failed user="owner" ip=127.0.0.1 reason="throttled"');
    clock.advance(1000);
    expect((await attempt('other-4', 'short')).status).toBe(403);
    clock.advance(1000);
    expect((await attempt('owner', 'owner-secret')).status).toBe(429);
    clock.advance(1000);
    expect((await attempt('owner', 'owner-secret')).status).toBe(302);
  });
});

/** A browser at `address` behind the proxy (which adds the X-Forwarded-For hop). */
const from = (address: string) => ({ 'X-Forwarded-For': address });

describe('failed logins for one name from several addresses', () => {
  const clock = new FakeClock();
  let hub: HubFixture;
  const warned = captureWarnings();
  throttledHub(clock, (started) => (hub = started));

  let next = 0;
  /** each attempt from an address never seen before, so only the name's count can hold it */
  const attempt = (password: string) =>
    submitLoginForm(hub, { username: 'target', password }, undefined, from(`198.51.100.${++next}`));

  it('are delayed growingly per name, whichever address they come from', async () => {
    expect((await attempt('target-secret')).status).toBe(302);
    // two free failures, then 1 s, then 2 s, each from another address
    for (let i = 0; i < 3; i++) expect((await attempt(`wrong-${i}-x`)).status).toBe(403);
    expect((await attempt('target-secret')).status).toBe(429);
    warned(`login failed user="target" ip=198.51.100.${next} reason="throttled"`);
    clock.advance(1000);
    expect((await attempt('wrong-3-x')).status).toBe(403);
    clock.advance(1000);
    expect((await attempt('target-secret')).status).toBe(429);
    clock.advance(1000);
    expect((await attempt('target-secret')).status).toBe(302);
  });
});

describe('login throttle switched off', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub({ Authenticator: { login_throttle: false } })));
  afterAll(() => hub.close());

  it('answers every attempt when Authenticator.login_throttle is false', async () => {
    expect((await submitLoginForm(hub, { username: 'free', password: 'free-secret' })).status).toBe(
      302,
    );
    for (let i = 0; i < 8; i++) {
      expect(
        (await submitLoginForm(hub, { username: 'free', password: `wrong-${i}-x` })).status,
      ).toBe(403);
    }
    expect((await submitLoginForm(hub, { username: 'free', password: 'free-secret' })).status).toBe(
      302,
    );
  });

  it('answers every attempt at one name from several addresses when it is false', async () => {
    const attempt = (password: string, i: number) =>
      submitLoginForm(hub, { username: 'spread', password }, undefined, from(`198.51.100.${i}`));
    expect((await attempt('spread-secret', 0)).status).toBe(302);
    // one more than the 5 free failures of the name: its next login would wait if counted
    for (let i = 1; i <= 6; i++) expect((await attempt(`wrong-${i}-x`, i)).status).toBe(403);
    expect((await attempt('spread-secret', 7)).status).toBe(302);
  });
});
