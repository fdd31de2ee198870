import { buildServiceEnv, ServiceEnvInput } from './service-env';

const base: ServiceEnvInput = {
  hubEnv: { PATH: '/bin', LANG: 'C.UTF-8', SECRET: 'hub-only', HOME: '/root' },
  name: 'culler',
  url: null,
  user: '',
  apiToken: 'svc-token',
  clientId: 'service-culler',
  baseUrl: '/',
  hubApiUrl: 'http://127.0.0.1:8081/hub/api',
  bind: { ip: '127.0.0.1', port: 0 },
  environment: {},
};

/** What every service gets, whatever its spec says. */
const common = {
  JUPYTERHUB_API_TOKEN: 'svc-token',
  JPY_API_TOKEN: 'svc-token',
  JUPYTERHUB_COOKIE_HOST_PREFIX_ENABLED: '0',
  JUPYTERHUB_HOST: '',
  JUPYTERHUB_SERVER_NAME: '',
  JUPYTERHUB_API_URL: 'http://127.0.0.1:8081/hub/api',
  JUPYTERHUB_BASE_URL: '/',
  JUPYTERHUB_PUBLIC_URL: '',
  JUPYTERHUB_PUBLIC_HUB_URL: '',
};

describe('buildServiceEnv', () => {
  it('gives a service with a URL its identity, prefix and callback, and no activity URL', () => {
    const env = buildServiceEnv({
      ...base,
      name: 'whoami',
      url: 'http://127.0.0.1:10101',
      clientId: 'service-whoami',
    });
    expect(env).toEqual({
      PATH: '/bin',
      LANG: 'C.UTF-8',
      ...common,
      JUPYTERHUB_CLIENT_ID: 'service-whoami',
      JUPYTERHUB_OAUTH_CALLBACK_URL: '/services/whoami/oauth_callback',
      JUPYTERHUB_OAUTH_SCOPES: '["access:services", "access:services!service=whoami"]',
      JUPYTERHUB_OAUTH_ACCESS_SCOPES: '["access:services", "access:services!service=whoami"]',
      JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES: '[]',
      JUPYTERHUB_USER: '',
      JUPYTERHUB_SERVICE_NAME: 'whoami',
      JUPYTERHUB_SERVICE_URL: 'http://127.0.0.1:10101',
      JUPYTERHUB_SERVICE_PREFIX: '/services/whoami/',
    });
  });

  it("tells a service without a URL the spawner's unset address and no prefix", () => {
    const env = buildServiceEnv(base);
    expect(env).toMatchObject({
      JUPYTERHUB_SERVICE_NAME: 'culler',
      JUPYTERHUB_SERVICE_URL: 'http://127.0.0.1:0/',
      JUPYTERHUB_OAUTH_CALLBACK_URL: 'oauth_callback',
    });
    expect(env).not.toHaveProperty('JUPYTERHUB_SERVICE_PREFIX');
    expect(env).not.toHaveProperty('JUPYTERHUB_ACTIVITY_URL');
  });

  it.each([
    [
      'the hub variables outside env_keep',
      { hubEnv: { SECRET: 'x', HOME: '/root' } },
      'SECRET',
      undefined,
    ],
    [
      'the spec user as JUPYTERHUB_USER',
      { user: 'grader-course101' },
      'JUPYTERHUB_USER',
      'grader-course101',
    ],
    [
      'a custom OAuth client id',
      { clientId: 'service-other' },
      'JUPYTERHUB_CLIENT_ID',
      'service-other',
    ],
    [
      'a base_url under a path',
      { baseUrl: '/jh/', url: 'http://127.0.0.1:9' },
      'JUPYTERHUB_SERVICE_PREFIX',
      '/jh/services/culler/',
    ],
    [
      'a name that needs escaping',
      { name: 'a b', url: 'http://127.0.0.1:9' },
      'JUPYTERHUB_SERVICE_PREFIX',
      '/services/a%20b/',
    ],
    [
      'spec environment',
      { environment: { JUPYTERHUB_DEFAULT_URL: '/lab' } },
      'JUPYTERHUB_DEFAULT_URL',
      '/lab',
    ],
    [
      'spec environment over the token',
      { environment: { JUPYTERHUB_API_TOKEN: 'x' } },
      'JUPYTERHUB_API_TOKEN',
      'x',
    ],
    [
      'the name over spec environment',
      { environment: { JUPYTERHUB_SERVICE_NAME: 'x' } },
      'JUPYTERHUB_SERVICE_NAME',
      'culler',
    ],
    [
      'no activity URL even from spec environment',
      { environment: { JUPYTERHUB_ACTIVITY_URL: 'x' } },
      'JUPYTERHUB_ACTIVITY_URL',
      undefined,
    ],
  ] as const)('applies %s', (_label, change, key, value) => {
    expect(buildServiceEnv({ ...base, ...change })[key]).toBe(value);
  });
});
