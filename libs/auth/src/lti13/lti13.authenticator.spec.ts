import { FakeClock, HubConfig, parseConfig } from '@orrery/core';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { lti13Request } from '../../../../test/fixtures/lti13/lti13-tokens';
import { LoginRoute } from '../authenticator';
import { Lti13Authenticator } from './lti13.authenticator';

const PLATFORM = {
  issuer: 'https://lms.example.org',
  client_id: 'tool-1',
  authorize_url: 'https://lms.example.org/auth',
  jwks_endpoint: 'https://lms.example.org/jwks',
};

function create(keys: Record<string, unknown>): Lti13Authenticator {
  const config = new HubConfig();
  Object.assign(config.LTI13Authenticator, keys);
  return Lti13Authenticator.create({
    config,
    dataSource: {} as DataSource,
    clock: new FakeClock(),
  });
}

function route(authenticator: Lti13Authenticator, suffix: string): LoginRoute {
  return authenticator.routes().find((entry) => entry.path === `lti13/${suffix}`) as LoginRoute;
}

describe('Lti13Authenticator', () => {
  it('serves the routes of ltiauthenticator and the tool key set under lti13/', () => {
    const paths = create({ ...PLATFORM, client_id: ['tool-1'] })
      .routes()
      .map((entry) => entry.path);
    expect(paths).toEqual([
      'lti13/oauth_login',
      'lti13/oauth_callback',
      'lti13/config',
      'lti13/jwks',
    ]);
  });

  it('refuses to start without the platform settings', () => {
    expect(() => create({})).toThrow(
      'JupyterHub.authenticator_class lti13 needs LTI13Authenticator.issuer, ' +
        'LTI13Authenticator.authorize_url, LTI13Authenticator.jwks_endpoint, LTI13Authenticator.client_id',
    );
  });

  it('reads client_id as a string or a list, as ltiauthenticator does', () => {
    const one = parseConfig('LTI13Authenticator:\n  client_id: tool-1\n');
    const many = parseConfig('LTI13Authenticator:\n  client_id: [a, b]\n');
    expect([one.LTI13Authenticator.client_id, many.LTI13Authenticator.client_id]).toEqual([
      ['tool-1'],
      ['a', 'b'],
    ]);
  });

  it('refuses an unknown jwks algorithm in the config', () => {
    expect(() => parseConfig('LTI13Authenticator:\n  jwks_algorithms: [HS256]\n')).toThrow(
      /unsupported algorithm "HS256"/,
    );
  });

  it('serves the config JSON with the URLs of the hub the LMS asked', async () => {
    const step = await route(create({ ...PLATFORM, uri_scheme: 'https' }), 'config').handle(
      lti13Request('config'),
    );
    if (step.kind !== 'document') throw new Error('expected a document');
    expect(JSON.parse(step.body)).toMatchObject({
      title: 'JupyterHub',
      description: 'Launch interactive Jupyter Notebooks with JupyterHub',
      target_link_uri: 'https://hub.example.org/hub/',
      oidc_initiation_url: 'https://hub.example.org/hub/lti13/oauth_login',
      public_jwk_url: 'https://hub.example.org/hub/lti13/jwks',
      custom_fields: { email: '$Person.email.primary', lms_user_id: '$User.id' },
    });
  });

  it('serves an empty key set without tool_private_key', async () => {
    const step = await route(create(PLATFORM), 'jwks').handle(lti13Request('jwks'));
    expect(step).toMatchObject({ kind: 'document', body: '{"keys":[]}' });
  });

  describe('with tool_private_key', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-lti13-'));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('serves the public half of the key, with its thumbprint as kid', async () => {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const file = path.join(dir, 'tool.pem');
      fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      const step = await route(create({ ...PLATFORM, tool_private_key: file }), 'jwks').handle(
        lti13Request('jwks'),
      );
      if (step.kind !== 'document') throw new Error('expected a document');
      const [key] = JSON.parse(step.body).keys;
      expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
      expect(key.n).toBe(publicKey.export({ format: 'jwk' }).n);
      expect(key.d).toBeUndefined();
    });

    it('refuses to start with a key that is not RSA', () => {
      const { privateKey } = generateKeyPairSync('ed25519');
      const file = path.join(dir, 'ed.pem');
      fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
      expect(() => create({ ...PLATFORM, tool_private_key: file })).toThrow(/must be an RSA key/);
    });
  });
});
