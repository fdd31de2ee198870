import { FakeClock } from '@orrery/core';
import { errors, jwtVerify } from 'jose';
import { sign, testKey, TestKey } from '../../../../test/fixtures/lti13/lti13-tokens';
import { PlatformKeySet, PlatformKeysUnavailable } from './platform-key-set';

describe('PlatformKeySet', () => {
  let first: TestKey;
  let second: TestKey;
  let clock: FakeClock;
  let served: () => Promise<unknown>;
  let loads: number;
  let keys: PlatformKeySet;

  const verify = async (key: TestKey) =>
    (await jwtVerify(await sign({ sub: 'a' }, key), keys.getKey)).payload.sub;

  beforeAll(async () => {
    [first, second] = await Promise.all([testKey('k1'), testKey('k2')]);
  });

  beforeEach(() => {
    clock = new FakeClock();
    loads = 0;
    served = async () => ({ keys: [first.jwk] });
    keys = new PlatformKeySet(
      () => {
        loads += 1;
        return served();
      },
      clock,
      { maxAgeMs: 600_000, cooldownMs: 1_000 },
    );
  });

  it('fetches the key set once for many tokens', async () => {
    await verify(first);
    await verify(first);
    expect(loads).toBe(1);
  });

  it('fetches again when a token names an unknown kid (key rotation)', async () => {
    await verify(first);
    served = async () => ({ keys: [first.jwk, second.jwk] });
    clock.advance(1_000);
    await expect(verify(second)).resolves.toBe('a');
    expect(loads).toBe(2);
  });

  it('does not fetch again for an unknown kid within the cooldown', async () => {
    await verify(first);
    await expect(verify(second)).rejects.toBeInstanceOf(errors.JWKSNoMatchingKey);
    expect(loads).toBe(1);
  });

  it('is unavailable when the platform is down and nothing is cached', async () => {
    served = async () => Promise.reject(new Error('connect ECONNREFUSED'));
    await expect(verify(first)).rejects.toThrow(PlatformKeysUnavailable);
  });

  it('is unavailable when the document is not a key set', async () => {
    served = async () => ({ nope: true });
    await expect(verify(first)).rejects.toThrow(/not a key set/);
  });

  it('keeps verifying with stale keys while the platform is down', async () => {
    await verify(first);
    served = async () => Promise.reject(new Error('down'));
    clock.advance(700_000);
    await expect(verify(first)).resolves.toBe('a');
    expect(loads).toBe(2);
  });

  it('is unavailable for a rotated key while the platform is down', async () => {
    await verify(first);
    served = async () => Promise.reject(new Error('down'));
    clock.advance(2_000);
    await expect(verify(second)).rejects.toThrow(PlatformKeysUnavailable);
  });
});
