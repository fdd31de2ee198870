import { FakeClock } from '@orrery/core';
import { LaunchCheckOptions, checkLaunch } from './lti11-launch';
import { MemoryNonceStore } from './nonce-store';
import { hmacSha1Signature, signatureBaseString } from './oauth1-signature';

const NOW = '2026-03-01T12:00:00Z';
const NOW_SECONDS = Date.parse(NOW) / 1000;
const URL_SIGNED = 'https://hub.example.org/hub/lti/launch';

function launchFields(overrides: Record<string, string | null> = {}): [string, string][] {
  const fields: Record<string, string | null> = {
    oauth_consumer_key: 'canvas-key',
    oauth_signature_method: 'HMAC-SHA1',
    oauth_timestamp: String(NOW_SECONDS),
    oauth_nonce: 'nonce-1',
    oauth_version: '1.0',
    oauth_callback: 'about:blank',
    lti_message_type: 'basic-lti-launch-request',
    lti_version: 'LTI-1p0',
    resource_link_id: 'rl-1',
    user_id: 'u-1',
    roles: 'Learner',
    ...overrides,
  };
  return Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== null);
}

function signed(
  fields: [string, string][],
  secret = 'canvas-secret',
  url = URL_SIGNED,
): { method: string; url: URL; formPairs: [string, string][] } {
  const base = signatureBaseString('POST', new URL(url), fields);
  return {
    method: 'POST',
    url: new URL(url),
    formPairs: [...fields, ['oauth_signature', hmacSha1Signature(base, secret)]],
  };
}

function options(clock = new FakeClock(NOW)): LaunchCheckOptions {
  return {
    consumers: { 'canvas-key': 'canvas-secret', 'moodle-key': 'moodle-secret' },
    timestampWindowSeconds: 600,
    clock,
    nonces: new MemoryNonceStore(clock, 100),
  };
}

describe('checkLaunch', () => {
  it('accepts a launch signed with the consumer secret and returns its parameters', () => {
    const verdict = checkLaunch(signed(launchFields()), options());
    expect(verdict).toMatchObject({ ok: true, consumerKey: 'canvas-key' });
    expect(verdict.ok && verdict.params.user_id).toBe('u-1');
  });

  it('counts the query of the launch URL in the signature', () => {
    const url = `${URL_SIGNED}?custom_next=%2Fhub%2Fuser-redirect%2Flab`;
    const launch = signed(launchFields(), 'canvas-secret', url);
    const verdict = checkLaunch(launch, options());
    expect(verdict.ok && verdict.params.custom_next).toBe('/hub/user-redirect/lab');
    const withoutQuery = { ...launch, url: new URL(URL_SIGNED) };
    expect(checkLaunch(withoutQuery, options())).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a launch checked against another URL than the one signed (a proxy in between)', () => {
    const launch = signed(launchFields());
    const seenByHub = { ...launch, url: new URL('http://127.0.0.1:8081/hub/lti/launch') };
    expect(checkLaunch(seenByHub, options())).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringContaining('oauth_signature mismatch'),
    });
  });

  it('refuses a forged signature and a changed field', () => {
    const forged = signed(launchFields(), 'guessed-secret');
    expect(checkLaunch(forged, options())).toMatchObject({ ok: false, status: 401 });
    const launch = signed(launchFields());
    const changed = {
      ...launch,
      formPairs: launch.formPairs.map(([name, value]): [string, string] =>
        name === 'roles' ? [name, 'Instructor'] : [name, value],
      ),
    };
    expect(checkLaunch(changed, options())).toMatchObject({
      ok: false,
      message: expect.stringContaining('could not be verified'),
    });
  });

  it('refuses an unknown consumer key, even one named like an Object property', () => {
    for (const key of ['blackboard-key', 'constructor', '__proto__']) {
      const launch = signed(launchFields({ oauth_consumer_key: key }));
      expect(checkLaunch(launch, options())).toMatchObject({
        ok: false,
        status: 401,
        reason: `unknown consumer key ${JSON.stringify(key)}`,
      });
    }
  });

  it('refuses a launch whose key is known but signed with another consumer secret', () => {
    const launch = signed(launchFields({ oauth_consumer_key: 'moodle-key' }), 'canvas-secret');
    expect(checkLaunch(launch, options())).toMatchObject({ ok: false, status: 401 });
  });

  it.each([
    ['too old', NOW_SECONDS - 601, false],
    ['at the edge of the window', NOW_SECONDS - 600, true],
    ['from a clock ahead', NOW_SECONDS + 601, false],
    ['not a number', 'yesterday', false],
  ])('timestamp %s', (_label, timestamp, ok) => {
    const launch = signed(launchFields({ oauth_timestamp: String(timestamp) }));
    const verdict = checkLaunch(launch, options());
    expect(verdict.ok).toBe(ok);
    if (!verdict.ok) expect(verdict.message).toContain('expired');
  });

  it('refuses a replayed nonce of the same consumer while the window lasts', () => {
    const clock = new FakeClock(NOW);
    const opts = options(clock);
    const launch = signed(launchFields());
    expect(checkLaunch(launch, opts).ok).toBe(true);
    expect(checkLaunch(launch, opts)).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringContaining('replayed'),
    });
    const otherConsumer = signed(
      launchFields({ oauth_consumer_key: 'moodle-key' }),
      'moodle-secret',
    );
    expect(checkLaunch(otherConsumer, opts).ok).toBe(true);
  });

  it('does not record the nonce of a forged launch', () => {
    const opts = options();
    expect(checkLaunch(signed(launchFields(), 'wrong'), opts).ok).toBe(false);
    expect(checkLaunch(signed(launchFields()), opts).ok).toBe(true);
  });

  it.each(['oauth_nonce', 'oauth_signature_method', 'user_id', 'resource_link_id', 'lti_version'])(
    'refuses a launch without %s with 400 and names it',
    (name) => {
      const launch = signed(launchFields({ [name]: null }));
      expect(checkLaunch(launch, options())).toMatchObject({
        ok: false,
        status: 400,
        reason: expect.stringContaining(name),
      });
    },
  );

  it.each([
    ['oauth_signature_method', 'PLAINTEXT'],
    ['oauth_version', '2.0'],
    ['lti_message_type', 'ContentItemSelectionRequest'],
  ])('refuses %s %s', (name, value) => {
    const launch = signed(launchFields({ [name]: value }));
    expect(checkLaunch(launch, options())).toMatchObject({ ok: false, status: 400 });
  });
});
