import { ConfigError, ConfigProblem } from './config-error';
import { envVariableName } from './env-overrides';
import { HubConfig } from './hub-config';
import { parseConfig } from './load-config';

function load(env: NodeJS.ProcessEnv, yaml = ''): HubConfig {
  return parseConfig(yaml, { file: 'orrery.yaml', env });
}

function problemsOf(env: NodeJS.ProcessEnv, yaml = ''): ConfigProblem[] {
  try {
    load(env, yaml);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('environment overrides', () => {
  it.each<[string, string, (config: HubConfig) => unknown, unknown]>([
    ['ORRERY_JUPYTERHUB__BIND_URL', 'http://:9000', (c) => c.JupyterHub.bind_url, 'http://:9000'],
    ['ORRERY_JUPYTERHUB__API_PAGE_MAX_LIMIT', '500', (c) => c.JupyterHub.api_page_max_limit, 500],
    [
      'ORRERY_JUPYTERHUB__ALLOW_NAMED_SERVERS',
      'true',
      (c) => c.JupyterHub.allow_named_servers,
      true,
    ],
    [
      'ORRERY_AUTHENTICATOR__ADMIN_USERS',
      '[ann, bob]',
      (c) => c.Authenticator.admin_users,
      ['ann', 'bob'],
    ],
    [
      'ORRERY_JUPYTERHUB__LOAD_GROUPS',
      '{students: [ann]}',
      (c) => c.JupyterHub.load_groups.students.users,
      ['ann'],
    ],
    [
      'ORRERY_CONFIGURABLEHTTPPROXY__SHOULD_START',
      'false',
      (c) => c.ConfigurableHTTPProxy.should_start,
      false,
    ],
    [
      'ORRERY_SPAWNER__CMD',
      'jupyterhub-singleuser',
      (c) => c.Spawner.cmd,
      ['jupyterhub-singleuser'],
    ],
    ['ORRERY_SPAWNER__MEM_LIMIT', '512M', (c) => c.Spawner.mem_limit, 512 * 1024 ** 2],
    // String keys take the value verbatim: YAML would read 0123e4 as the number 1230000.
    ['ORRERY_JUPYTERHUB__COOKIE_SECRET', '0123e4', (c) => c.JupyterHub.cookie_secret, '0123e4'],
    ['ORRERY_JUPYTERHUB__JUPYTERHUB_VERSION', '6.0', (c) => c.JupyterHub.jupyterhub_version, '6.0'],
    ['ORRERY_JUPYTERHUB__BASE_URL', 'course', (c) => c.JupyterHub.base_url, '/course/'],
  ])('%s=%s sets the key', (variable, value, read, expected) => {
    expect(read(load({ [variable]: value }))).toEqual(expected);
  });

  it('wins over the file, leaving the other keys of the file alone', () => {
    const config = load(
      { ORRERY_JUPYTERHUB__BIND_URL: 'http://:9000' },
      'JupyterHub:\n  bind_url: http://:8000\n  admin_access: true\n',
    );
    expect([config.JupyterHub.bind_url, config.JupyterHub.admin_access]).toEqual([
      'http://:9000',
      true,
    ]);
  });

  it('ignores ORRERY_ variables that are not config keys', () => {
    expect(load({ ORRERY_LOG_LEVEL: 'debug', PATH: '/bin' })).toEqual(new HubConfig());
  });

  it('names the override variable', () => {
    expect(envVariableName('ConfigurableHTTPProxy', 'api_url')).toBe(
      'ORRERY_CONFIGURABLEHTTPPROXY__API_URL',
    );
  });

  it.each<[string, NodeJS.ProcessEnv, Partial<ConfigProblem>]>([
    [
      'a wrong value, naming the variable',
      { ORRERY_JUPYTERHUB__API_PAGE_MAX_LIMIT: 'many' },
      {
        path: 'JupyterHub.api_page_max_limit',
        source: 'ORRERY_JUPYTERHUB__API_PAGE_MAX_LIMIT',
        message: 'expected an integer',
      },
    ],
    [
      'a wrong value inside a nested override',
      { ORRERY_JUPYTERHUB__LOAD_ROLES: '[{name: graders, scopes: read:users}]' },
      {
        path: 'JupyterHub.load_roles[0].scopes',
        source: 'ORRERY_JUPYTERHUB__LOAD_ROLES',
        message: 'expected a list of strings',
      },
    ],
    [
      'a value that is not YAML, without quoting it',
      { ORRERY_AUTHENTICATOR__ADMIN_USERS: '[ann, bob' },
      {
        path: 'Authenticator.admin_users',
        source: 'ORRERY_AUTHENTICATOR__ADMIN_USERS',
        message: expect.not.stringContaining('ann'),
      },
    ],
    [
      'an unknown key, with the nearest variable',
      { ORRERY_JUPYTERHUB__BIND_ULR: 'http://:9000' },
      {
        path: 'JupyterHub.bind_ulr',
        source: 'ORRERY_JUPYTERHUB__BIND_ULR',
        message: 'unknown key',
        suggestion: 'ORRERY_JUPYTERHUB__BIND_URL',
      },
    ],
    [
      'an unknown section, with the nearest variable',
      { ORRERY_SPAWNR__PORT: '1' },
      { path: 'SPAWNR', message: 'unknown section', suggestion: 'ORRERY_SPAWNER__PORT' },
    ],
    [
      'a single underscore between section and key',
      { ORRERY_SPAWNER_PORT: '1' },
      {
        path: 'Spawner',
        source: 'ORRERY_SPAWNER_PORT',
        message: expect.stringMatching(/two underscores/),
      },
    ],
  ])('reports %s', (_behaviour, env, expected) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toEqual(expect.objectContaining(expected));
  });

  it('lists file problems first, then variables by name', () => {
    const problems = problemsOf(
      { ORRERY_SPAWNER__PORT: 'x', ORRERY_JUPYTERHUB__PROXY: 'nginx' },
      'Spawner:\n  ip: 5\n',
    );
    expect(problems.map((p) => p.source)).toEqual([
      'orrery.yaml:2',
      'ORRERY_JUPYTERHUB__PROXY',
      'ORRERY_SPAWNER__PORT',
    ]);
  });
});
