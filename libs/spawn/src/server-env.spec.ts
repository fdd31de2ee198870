import { buildServerEnv, ServerEnvInput } from './server-env';

const input: ServerEnvInput = {
  hubEnv: { PATH: '/bin', SECRET: 'hub-only', LANG: 'C.UTF-8' },
  envKeep: ['PATH', 'LANG', 'MISSING'],
  apiToken: 'tok',
  adminAccess: false,
  clientId: 'jupyterhub-user-alice',
  user: 'alice',
  serverName: '',
  baseUrl: '/',
  prefix: '/user/alice/',
  hubApiUrl: 'http://127.0.0.1:8081/hub/api',
  accessScopes: ['access:servers!server=alice/', 'access:servers!user=alice'],
  clientAllowedScopes: [],
  bind: { ip: '127.0.0.1', port: 54321 },
  memLimit: null,
  cpuLimit: null,
  notebookDir: '',
  defaultUrl: '',
  debug: false,
  environment: {},
};

describe('buildServerEnv', () => {
  it("sets JupyterHub's variables in its order, passing only env_keep from the hub", () => {
    expect(Object.entries(buildServerEnv(input))).toEqual([
      ['PATH', '/bin'],
      ['LANG', 'C.UTF-8'],
      ['JUPYTERHUB_API_TOKEN', 'tok'],
      ['JPY_API_TOKEN', 'tok'],
      ['JUPYTERHUB_CLIENT_ID', 'jupyterhub-user-alice'],
      ['JUPYTERHUB_COOKIE_HOST_PREFIX_ENABLED', '0'],
      ['JUPYTERHUB_HOST', ''],
      ['JUPYTERHUB_OAUTH_CALLBACK_URL', '/user/alice/oauth_callback'],
      ['JUPYTERHUB_OAUTH_SCOPES', '["access:servers!server=alice/", "access:servers!user=alice"]'],
      [
        'JUPYTERHUB_OAUTH_ACCESS_SCOPES',
        '["access:servers!server=alice/", "access:servers!user=alice"]',
      ],
      ['JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES', '[]'],
      ['JUPYTERHUB_USER', 'alice'],
      ['JUPYTERHUB_SERVER_NAME', ''],
      ['JUPYTERHUB_API_URL', 'http://127.0.0.1:8081/hub/api'],
      ['JUPYTERHUB_ACTIVITY_URL', 'http://127.0.0.1:8081/hub/api/users/alice/activity'],
      ['JUPYTERHUB_BASE_URL', '/'],
      ['JUPYTERHUB_SERVICE_PREFIX', '/user/alice/'],
      ['JUPYTERHUB_SERVICE_URL', 'http://127.0.0.1:54321/user/alice/'],
      ['JUPYTERHUB_PUBLIC_URL', ''],
      ['JUPYTERHUB_PUBLIC_HUB_URL', ''],
    ]);
  });

  it.each([
    ['admin access', { adminAccess: true }, 'JUPYTERHUB_ADMIN_ACCESS', '1'],
    ['a memory limit', { memLimit: 1073741824 }, 'MEM_LIMIT', '1073741824'],
    ['a whole CPU limit, as a Python float', { cpuLimit: 2 }, 'CPU_LIMIT', '2.0'],
    ['a fractional CPU limit', { cpuLimit: 0.5 }, 'CPU_LIMIT', '0.5'],
    [
      'notebook_dir with {username}',
      { notebookDir: '/data/{username}' },
      'JUPYTERHUB_ROOT_DIR',
      '/data/alice',
    ],
    ['default_url', { defaultUrl: '/lab' }, 'JUPYTERHUB_DEFAULT_URL', '/lab'],
    ['debug', { debug: true }, 'JUPYTERHUB_DEBUG', '1'],
    [
      'an IPv6 bind address, bracketed',
      { bind: { ip: '::1', port: 9 } },
      'JUPYTERHUB_SERVICE_URL',
      'http://[::1]:9/user/alice/',
    ],
    [
      'an escaped user name in the activity URL',
      { user: 'a b' },
      'JUPYTERHUB_ACTIVITY_URL',
      'http://127.0.0.1:8081/hub/api/users/a%20b/activity',
    ],
    [
      'Spawner.environment overriding a hub variable',
      { environment: { JUPYTERHUB_API_URL: 'http://hub:8081/hub/api' } },
      'JUPYTERHUB_API_URL',
      'http://hub:8081/hub/api',
    ],
  ] as const)('sets %s', (_label, changes, key, value) => {
    expect(buildServerEnv({ ...input, ...changes })[key]).toBe(value);
  });

  it('leaves out the optional variables when they are not configured', () => {
    const env = buildServerEnv(input);
    for (const key of [
      'JUPYTERHUB_ADMIN_ACCESS',
      'MEM_LIMIT',
      'CPU_LIMIT',
      'JUPYTERHUB_ROOT_DIR',
      'JUPYTERHUB_DEFAULT_URL',
      'JUPYTERHUB_DEBUG',
      'SECRET',
    ]) {
      expect(env).not.toHaveProperty(key);
    }
  });
});
