import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, ConfigProblem } from './config-error';
import { HubConfig } from './hub-config';
import { loadConfig, parseConfig } from './load-config';

/** The problems parseConfig reports for a YAML text named orrery.yaml. */
function problemsOf(yaml: string): ConfigProblem[] {
  try {
    parseConfig(yaml, { file: 'orrery.yaml', env: {} });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig defaults', () => {
  it('gives every default when no file is given', () => {
    expect(loadConfig({ env: {} })).toEqual(new HubConfig());
  });

  it('returns a HubConfig instance, the Nest injection token', () => {
    expect(loadConfig({ env: {} })).toBeInstanceOf(HubConfig);
  });

  it.each([
    ['JupyterHub', 'bind_url', 'http://:8000'],
    ['JupyterHub', 'hub_bind_url', 'http://127.0.0.1:8081'],
    ['JupyterHub', 'hub_connect_url', null],
    ['JupyterHub', 'base_url', '/'],
    ['JupyterHub', 'db_url', 'sqlite:///jupyterhub.sqlite'],
    ['JupyterHub', 'cookie_secret', null],
    ['JupyterHub', 'cookie_secret_file', 'jupyterhub_cookie_secret'],
    ['JupyterHub', 'load_roles', []],
    ['JupyterHub', 'load_groups', {}],
    ['JupyterHub', 'services', []],
    ['JupyterHub', 'custom_scopes', {}],
    ['JupyterHub', 'api_page_default_limit', 50],
    ['JupyterHub', 'api_page_max_limit', 200],
    ['JupyterHub', 'api_tokens', {}],
    ['JupyterHub', 'admin_access', false],
    ['JupyterHub', 'allow_named_servers', false],
    ['JupyterHub', 'named_server_limit_per_user', 0],
    ['JupyterHub', 'concurrent_spawn_limit', 100],
    ['JupyterHub', 'active_server_limit', 0],
    ['JupyterHub', 'cookie_max_age_days', 14],
    ['JupyterHub', 'activity_resolution', 30],
    ['JupyterHub', 'last_activity_interval', 300],
    ['JupyterHub', 'token_expires_in_max_seconds', 0],
    ['JupyterHub', 'oauth_token_expires_in', null],
    ['JupyterHub', 'authenticator_class', 'first-use'],
    ['JupyterHub', 'spawner_class', 'local'],
    ['JupyterHub', 'jupyterhub_version', '6.1.1'],
    ['JupyterHub', 'extra_user_scopes', []],
    ['JupyterHub', 'template_vars', {}],
    ['JupyterHub', 'proxy', 'in-process'],
    ['Authenticator', 'admin_users', []],
    ['Authenticator', 'allowed_users', []],
    ['Authenticator', 'blocked_users', []],
    ['Authenticator', 'allow_all', false],
    ['Authenticator', 'allow_existing_users', false],
    ['Authenticator', 'auto_login', false],
    ['Authenticator', 'manage_groups', false],
    ['Authenticator', 'enable_auth_state', false],
    ['Authenticator', 'auth_refresh_age', 300],
    ['Authenticator', 'delete_invalid_users', false],
    ['ConfigurableHTTPProxy', 'api_url', 'http://127.0.0.1:8001'],
    ['ConfigurableHTTPProxy', 'auth_token', null],
    ['ConfigurableHTTPProxy', 'should_start', true],
    ['ConfigurableHTTPProxy', 'command', ['configurable-http-proxy']],
    ['Spawner', 'cmd', ['jupyterhub-singleuser']],
    ['Spawner', 'args', []],
    ['Spawner', 'ip', '127.0.0.1'],
    ['Spawner', 'port', 0],
    ['Spawner', 'start_timeout', 60],
    ['Spawner', 'http_timeout', 30],
    ['Spawner', 'poll_interval', 30],
    ['Spawner', 'notebook_dir', ''],
    ['Spawner', 'default_url', ''],
    ['Spawner', 'environment', {}],
    ['Spawner', 'debug', false],
    ['Spawner', 'oauth_client_allowed_scopes', []],
    ['Spawner', 'server_token_scopes', null],
    ['Spawner', 'mem_limit', null],
    ['Spawner', 'cpu_limit', null],
  ])('%s.%s defaults to %j', (section, key, expected) => {
    const config = loadConfig({ env: {} }) as unknown as Record<string, Record<string, unknown>>;
    expect(config[section][key]).toEqual(expected);
  });

  it('gives each HubConfig its own default lists', () => {
    const first = new HubConfig();
    first.Authenticator.admin_users.push('ann');
    expect(new HubConfig().Authenticator.admin_users).toEqual([]);
  });

  it("keeps LocalProcessSpawner's env_keep", () => {
    expect(new HubConfig().Spawner.env_keep).toEqual(
      expect.arrayContaining(['PATH', 'PYTHONPATH', 'LANG', 'JUPYTERHUB_SINGLEUSER_APP']),
    );
  });

  it.each([[''], ['# only a comment\n'], ['JupyterHub:\n  # every key commented out\n']])(
    'gives every default for the file %j',
    (yaml) => {
      expect(parseConfig(yaml, { env: {} })).toEqual(new HubConfig());
    },
  );
});

describe('loadConfig values', () => {
  const yaml = [
    'JupyterHub:',
    '  bind_url: http://127.0.0.1:9000',
    '  base_url: course',
    '  db_url: postgresql://hub:secret@db:5432/jupyterhub',
    '  api_page_max_limit: 500',
    '  load_roles:',
    '    - name: graders',
    '      scopes: [admin:users]',
    '      groups: [formgrade-course101]',
    '  load_groups:',
    '    students: [ann, bob]',
    '    instructors:',
    '      users: [carol]',
    '      properties: {course: course101}',
    '  services:',
    '    - name: course101',
    '      url: http://127.0.0.1:9999',
    '      command: jupyterhub-singleuser',
    '      environment: {JUPYTERHUB_DEFAULT_URL: /lab}',
    '  custom_scopes:',
    '    "custom:grades:read": {description: Read grades}',
    '  template_vars: {logo: {url: /logo.png, sizes: [1, 2]}}',
    'Spawner:',
    '  cmd: [jupyterhub-singleuser, --debug]',
    '  mem_limit: 2G',
    '  cpu_limit: 1.5',
  ].join('\n');
  const config = parseConfig(yaml, { file: 'orrery.yaml', env: {} });

  it.each([
    ['bind_url', config.JupyterHub.bind_url, 'http://127.0.0.1:9000'],
    ['base_url (slashes added, as JupyterHub does)', config.JupyterHub.base_url, '/course/'],
    ['api_page_max_limit', config.JupyterHub.api_page_max_limit, 500],
    ['an untouched key', config.JupyterHub.api_page_default_limit, 50],
    ['load_roles', config.JupyterHub.load_roles[0].groups, ['formgrade-course101']],
    [
      'a group in the list-of-users form',
      config.JupyterHub.load_groups.students.users,
      ['ann', 'bob'],
    ],
    ['its properties', config.JupyterHub.load_groups.students.properties, {}],
    [
      'a group in the mapping form',
      config.JupyterHub.load_groups.instructors.properties,
      { course: 'course101' },
    ],
    [
      'a command given as one string',
      config.JupyterHub.services[0].command,
      ['jupyterhub-singleuser'],
    ],
    [
      'service environment',
      config.JupyterHub.services[0].environment,
      { JUPYTERHUB_DEFAULT_URL: '/lab' },
    ],
    [
      'a custom scope',
      config.JupyterHub.custom_scopes['custom:grades:read'].description,
      'Read grades',
    ],
    [
      'nested template_vars',
      config.JupyterHub.template_vars,
      { logo: { url: '/logo.png', sizes: [1, 2] } },
    ],
    ['Spawner.cmd', config.Spawner.cmd, ['jupyterhub-singleuser', '--debug']],
    ['mem_limit in bytes', config.Spawner.mem_limit, 2 * 1024 ** 3],
    ['cpu_limit', config.Spawner.cpu_limit, 1.5],
  ])('reads %s', (_what, actual, expected) => {
    expect(actual).toEqual(expected);
  });
});

describe('loadConfig problems', () => {
  it('reports every problem at once, in file order, with their lines', () => {
    const yaml = [
      'JupyterHub:', //                   1
      '  bind_url: http://:8000', //     2
      '  api_page_defualt_limit: 10', // 3
      '  concurrent_spawn_limit: -5', // 4
      'Spawner:', //                      5
      '  start_timeout: soon', //        6
      'Authenticatr: {}', //              7
    ].join('\n');
    expect(problemsOf(yaml).map((p) => [p.source, p.path])).toEqual([
      ['orrery.yaml:3', 'JupyterHub.api_page_defualt_limit'],
      ['orrery.yaml:4', 'JupyterHub.concurrent_spawn_limit'],
      ['orrery.yaml:6', 'Spawner.start_timeout'],
      ['orrery.yaml:7', 'Authenticatr'],
    ]);
  });

  it('puts every problem in the error message', () => {
    expect(() =>
      parseConfig('Spawner:\n  port: x\n  cmdd: []\n', { file: 'orrery.yaml', env: {} }),
    ).toThrow(
      [
        'Invalid configuration (2 problems):',
        '  orrery.yaml:2: Spawner.port: expected an integer',
        '  orrery.yaml:3: Spawner.cmdd: unknown key (did you mean Spawner.cmd?)',
      ].join('\n'),
    );
  });

  it.each([
    ['a duplicate key', 'Spawner:\n  port: 1\n  port: 2\n', 'orrery.yaml:3'],
    ['an unclosed list', 'Spawner:\n  cmd: [a,\n', 'orrery.yaml:3'],
  ])('reports YAML syntax errors with their line: %s', (_what, yaml, source) => {
    const [problem] = problemsOf(yaml);
    expect(problem).toEqual(
      expect.objectContaining({ source, message: expect.stringMatching(/^not valid YAML: /) }),
    );
  });

  it('does not quote the offending line of a YAML syntax error', () => {
    const [problem] = problemsOf(
      'JupyterHub:\n  cookie_secret: deadbeef\n  cookie_secret: deadbeef\n',
    );
    expect(problem.message).not.toContain('deadbeef');
  });
});

describe('loadConfig files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'orrery-config-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the file it is given', () => {
    const file = join(dir, 'orrery.yaml');
    writeFileSync(file, 'JupyterHub:\n  allow_named_servers: true\n');
    expect(loadConfig({ file, env: {} }).JupyterHub.allow_named_servers).toBe(true);
  });

  it('names the file as given, with the line, in problems', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, '# comment\n\nSpawner:\n  poll_interval: -1\n');
    expect(() => loadConfig({ file, env: {} })).toThrow(
      `${file}:4: Spawner.poll_interval: must be at least 0`,
    );
  });

  it('fails when the file given does not exist', () => {
    const file = join(dir, 'missing.yaml');
    expect(() => loadConfig({ file, env: {} })).toThrow(`${file}: cannot read the file (ENOENT)`);
  });
});
