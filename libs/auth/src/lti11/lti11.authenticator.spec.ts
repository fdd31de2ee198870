import { FakeClock, LTI11AuthenticatorConfig } from '@orrery/core';
import { LoginRequest, LoginRoute } from '../authenticator';
import { LTI11Authenticator } from './lti11.authenticator';
import { hmacSha1Signature, signatureBaseString } from './oauth1-signature';

const NOW = '2026-03-01T12:00:00Z';

function config(overrides: Partial<LTI11AuthenticatorConfig> = {}): LTI11AuthenticatorConfig {
  return Object.assign(new LTI11AuthenticatorConfig(), { consumers: { key: 'secret' } }, overrides);
}

function request(method: string, url: string, formPairs: [string, string][] = []): LoginRequest {
  return {
    method,
    url: new URL(url),
    form: Object.fromEntries(formPairs),
    formPairs,
    header: () => undefined,
    hubPrefix: url.includes('/base/') ? '/base/hub/' : '/hub/',
    loggedInAs: null,
    cookie: () => null,
  };
}

function signedForm(url: string, extra: [string, string][] = []): [string, string][] {
  const fields: [string, string][] = [
    ['oauth_consumer_key', 'key'],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(Date.parse(NOW) / 1000)],
    ['oauth_nonce', 'n-1'],
    ['oauth_version', '1.0'],
    ['lti_message_type', 'basic-lti-launch-request'],
    ['lti_version', 'LTI-1p0'],
    ['resource_link_id', 'rl'],
    ['user_id', 'u-1'],
    ['roles', 'Instructor'],
    ['context_id', 'c-1'],
    ['context_label', 'PHYS1'],
    ...extra,
  ];
  const signature = hmacSha1Signature(signatureBaseString('POST', new URL(url), fields), 'secret');
  return [...fields, ['oauth_signature', signature]];
}

function route(authenticator: LTI11Authenticator, path: string): LoginRoute {
  const found = authenticator.routes().find((entry) => entry.path === path);
  if (!found) throw new Error(`no route ${path}`);
  return found;
}

describe('LTI11Authenticator', () => {
  it('refuses to start without consumers', () => {
    expect(() => new LTI11Authenticator(config({ consumers: {} }), new FakeClock(NOW))).toThrow(
      /LTI11Authenticator.consumers is empty/,
    );
  });

  it('logs in a signed launch with its deep link', async () => {
    const authenticator = new LTI11Authenticator(config(), new FakeClock(NOW));
    const url = 'https://hub.example.org/hub/lti/launch';
    const step = await route(authenticator, 'lti/launch').handle(
      request('POST', url, signedForm(url, [['custom_next', '/hub/user-redirect/lab']])),
    );
    expect(step).toMatchObject({
      kind: 'login',
      next: '/hub/user-redirect/lab',
      result: { name: 'u-1', groups: ['c-1:instructor'], identity: 'lti11:key:u-1' },
    });
  });

  it('checks the signature against the scheme uri_scheme names', async () => {
    const authenticator = new LTI11Authenticator(
      config({ uri_scheme: 'https' }),
      new FakeClock(NOW),
    );
    const form = signedForm('https://hub.example.org/hub/lti/launch');
    const step = await route(authenticator, 'lti/launch').handle(
      request('POST', 'http://hub.example.org/hub/lti/launch', form),
    );
    expect(step.kind).toBe('login');
  });

  it('answers a GET of the launch URL with a page that says to launch from the LMS', async () => {
    const authenticator = new LTI11Authenticator(config(), new FakeClock(NOW));
    const step = await route(authenticator, 'lti/launch').handle(
      request('GET', 'https://hub.example.org/hub/lti/launch'),
    );
    expect(step).toMatchObject({ kind: 'refuse', status: 405 });
    expect(step.kind === 'refuse' && step.message).toMatch(/from your course.*new window/s);
  });

  it.each(['lti11/config', 'lti/config'])(
    'serves the configuration XML at %s with the launch URL under the hub prefix',
    async (path) => {
      const authenticator = new LTI11Authenticator(
        config({ config_title: 'Physics <Hub>', config_icon: 'https://cdn.example.org/i.png' }),
        new FakeClock(NOW),
      );
      const step = await route(authenticator, path).handle(
        request('GET', `https://hub.example.org/base/hub/${path}`),
      );
      expect(step).toMatchObject({ kind: 'document', contentType: 'application/xml' });
      const body = step.kind === 'document' ? step.body : '';
      expect(body).toContain(
        '<blti:launch_url>https://hub.example.org/base/hub/lti/launch</blti:launch_url>',
      );
      expect(body).toContain('<blti:title>Physics &#60;Hub&#62;</blti:title>');
      expect(body).toContain('<blti:icon>https://cdn.example.org/i.png</blti:icon>');
    },
  );
});
