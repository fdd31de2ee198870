import { ConfigError, ConfigProblem } from './config-error';
import { parseConfig } from './load-config';

// Through parseConfig, so each problem also carries its file line.
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

describe('readConfig problems', () => {
  it.each<[string, string, Partial<ConfigProblem>]>([
    [
      'an unknown key, with the nearest name',
      'JupyterHub:\n  api_page_defualt_limit: 10\n',
      {
        path: 'JupyterHub.api_page_defualt_limit',
        source: 'orrery.yaml:2',
        message: 'unknown key',
        suggestion: 'JupyterHub.api_page_default_limit',
      },
    ],
    [
      'an unknown key far from every name, without a suggestion',
      'Spawner:\n  completely_different: 1\n',
      { path: 'Spawner.completely_different', message: 'unknown key', suggestion: undefined },
    ],
    [
      'an unknown section, with the nearest name',
      'Jupyterhub:\n  bind_url: http://:8000\n',
      {
        path: 'Jupyterhub',
        source: 'orrery.yaml:1',
        message: 'unknown section',
        suggestion: 'JupyterHub',
      },
    ],
    [
      'a section of JupyterHub that Orrery does not have yet',
      'KubeSpawner:\n  image: x\n',
      { path: 'KubeSpawner', message: 'unknown section', suggestion: undefined },
    ],
    [
      'a file that is not a mapping',
      '- a\n- b\n',
      { path: '', message: expect.stringMatching(/mapping of sections/) },
    ],
    [
      'a section that is not a mapping',
      'Spawner: 3\n',
      { path: 'Spawner', message: 'expected a mapping' },
    ],
    [
      'a string instead of an integer',
      'JupyterHub:\n  api_page_max_limit: lots\n',
      { path: 'JupyterHub.api_page_max_limit', message: 'expected an integer' },
    ],
    [
      'a fraction instead of an integer',
      'Spawner:\n  port: 80.5\n',
      { path: 'Spawner.port', message: 'expected an integer' },
    ],
    [
      'a negative limit',
      'JupyterHub:\n  active_server_limit: -1\n',
      { path: 'JupyterHub.active_server_limit', message: 'must be at least 0' },
    ],
    [
      'a zero page limit',
      'JupyterHub:\n  api_page_max_limit: 0\n',
      { message: 'must be at least 1' },
    ],
    [
      'a port above 65535',
      'Spawner:\n  port: 70000\n',
      { path: 'Spawner.port', message: 'must be at most 65535' },
    ],
    [
      'a default page limit above the maximum',
      'JupyterHub:\n  api_page_default_limit: 300\n',
      {
        path: 'JupyterHub.api_page_default_limit',
        message: 'must not exceed JupyterHub.api_page_max_limit (200)',
      },
    ],
    [
      'a string instead of a boolean',
      'JupyterHub:\n  admin_access: "yes"\n',
      { path: 'JupyterHub.admin_access', message: 'expected true or false' },
    ],
    [
      'a number instead of a string',
      'Spawner:\n  ip: 5\n',
      { path: 'Spawner.ip', message: 'expected a string' },
    ],
    [
      'an empty value',
      'Spawner:\n  ip:\n',
      { path: 'Spawner.ip', message: 'is empty; expected a value' },
    ],
    [
      'a bare string instead of a list',
      'Authenticator:\n  admin_users: ann\n',
      { path: 'Authenticator.admin_users', message: 'expected a list of strings' },
    ],
    [
      'a list with a number',
      'Authenticator:\n  admin_users: [ann, 3]\n',
      { message: 'expected a list of strings' },
    ],
    [
      'an empty command',
      'Spawner:\n  cmd: []\n',
      { path: 'Spawner.cmd', message: 'must not be empty' },
    ],
    [
      'an unknown proxy kind',
      'JupyterHub:\n  proxy: nginx\n',
      { path: 'JupyterHub.proxy', message: 'expected one of: in-process, external' },
    ],
    [
      'a URL that is not http',
      'JupyterHub:\n  bind_url: ftp://host:21\n',
      { message: 'expected an http:// or https:// URL' },
    ],
    [
      'a db_url of an unsupported database',
      'JupyterHub:\n  db_url: mysql://h/db\n',
      {
        path: 'JupyterHub.db_url',
        message: expect.stringMatching(/^expected sqlite:\/\/\/PATH or postgresql:/),
      },
    ],
    [
      'a postgres db_url without a database',
      'JupyterHub:\n  db_url: postgresql://u:p@host:5432\n',
      { message: expect.stringMatching(/host and database are required/) },
    ],
    [
      'a version that is not PEP 440',
      'JupyterHub:\n  jupyterhub_version: v5.4\n',
      { path: 'JupyterHub.jupyterhub_version', message: expect.stringMatching(/PEP 440/) },
    ],
    [
      'a zero cookie age',
      'JupyterHub:\n  cookie_max_age_days: 0\n',
      { message: 'must be greater than 0' },
    ],
    [
      'an unreadable memory limit',
      'Spawner:\n  mem_limit: 2 gigabytes\n',
      { path: 'Spawner.mem_limit', message: expect.stringMatching(/size in bytes/) },
    ],
    [
      'an environment value that is not a string',
      'Spawner:\n  environment: {PORT: 8080}\n',
      { path: 'Spawner.environment', message: 'the value of PORT must be a string (quote it)' },
    ],
    [
      'a short API token, without echoing it',
      'JupyterHub:\n  api_tokens: {abc: ann}\n',
      {
        path: 'JupyterHub.api_tokens',
        message: 'the token of ann must have at least 8 characters',
      },
    ],
    [
      'a role without a name',
      'JupyterHub:\n  load_roles:\n    - scopes: [read:users]\n',
      { path: 'JupyterHub.load_roles[0].name', source: 'orrery.yaml:3', message: 'is required' },
    ],
    [
      'a role with an invalid name',
      'JupyterHub:\n  load_roles:\n    - name: Graders!\n',
      {
        path: 'JupyterHub.load_roles[0].name',
        message: expect.stringMatching(/^expected a role name/),
      },
    ],
    [
      'a role key misspelt',
      'JupyterHub:\n  load_roles:\n    - name: graders\n      scope: [read:users]\n',
      {
        path: 'JupyterHub.load_roles[0].scope',
        source: 'orrery.yaml:4',
        message: 'unknown key',
        suggestion: 'JupyterHub.load_roles[0].scopes',
      },
    ],
    [
      'two roles with one name',
      'JupyterHub:\n  load_roles: [{name: graders}, {name: graders}]\n',
      { path: 'JupyterHub.load_roles', message: 'has two entries named graders' },
    ],
    [
      'roles that are not a list',
      'JupyterHub:\n  load_roles: {name: graders}\n',
      { path: 'JupyterHub.load_roles', message: 'expected a list' },
    ],
    [
      'a role that is not a mapping',
      'JupyterHub:\n  load_roles: [graders]\n',
      { path: 'JupyterHub.load_roles[0]', message: 'expected a mapping' },
    ],
    [
      'a service without a name',
      'JupyterHub:\n  services:\n    - url: http://127.0.0.1:9999\n',
      { path: 'JupyterHub.services[0].name', message: 'is required' },
    ],
    [
      'a service url that is not http',
      'JupyterHub:\n  services: [{name: s, url: "tcp://127.0.0.1:9"}]\n',
      { path: 'JupyterHub.services[0].url', message: 'expected an http:// or https:// URL' },
    ],
    [
      'a service client id without its prefix',
      'JupyterHub:\n  services: [{name: s, oauth_client_id: s}]\n',
      { path: 'JupyterHub.services[0].oauth_client_id', message: 'must start with service-' },
    ],
    [
      'a service flag that is not a boolean',
      'JupyterHub:\n  services: [{name: s, admin: 1}]\n',
      { path: 'JupyterHub.services[0].admin', message: 'expected true or false' },
    ],
    [
      'a short service token',
      'JupyterHub:\n  services: [{name: s, api_token: abc}]\n',
      { path: 'JupyterHub.services[0].api_token', message: 'must have at least 8 characters' },
    ],
    [
      'two services with one name',
      'JupyterHub:\n  services: [{name: s}, {name: s}]\n',
      { path: 'JupyterHub.services', message: 'has two entries named s' },
    ],
    [
      'a group member that is not a string',
      'JupyterHub:\n  load_groups:\n    students:\n      users: [ann, 7]\n',
      {
        path: 'JupyterHub.load_groups.students.users',
        source: 'orrery.yaml:4',
        message: 'expected a list of strings',
      },
    ],
    [
      'a group member named ..',
      'JupyterHub:\n  load_groups:\n    students:\n      users: [ann, ..]\n',
      {
        path: 'JupyterHub.load_groups.students.users',
        source: 'orrery.yaml:4',
        message: '".." is not a user name: a name may not be . or ..',
      },
    ],
    [
      'a group member with a control character',
      'JupyterHub:\n  load_groups:\n    students:\n      users: ["ann\\u0007"]\n',
      {
        path: 'JupyterHub.load_groups.students.users',
        message: '"ann\\u0007" is not a user name: a name may not contain control characters',
      },
    ],
    [
      'a group key misspelt',
      'JupyterHub:\n  load_groups: {students: {user: [ann]}}\n',
      {
        path: 'JupyterHub.load_groups.students.user',
        suggestion: 'JupyterHub.load_groups.students.users',
      },
    ],
    [
      'a custom scope with an invalid name',
      'JupyterHub:\n  custom_scopes:\n    grades: {description: x}\n',
      {
        path: 'JupyterHub.custom_scopes.grades',
        source: 'orrery.yaml:3',
        message: expect.stringMatching(/^expected a custom scope name/),
      },
    ],
    [
      'a custom scope without a description',
      'JupyterHub:\n  custom_scopes: {"custom:a:b": {}}\n',
      { path: 'JupyterHub.custom_scopes["custom:a:b"].description', message: 'is required' },
    ],
    [
      'a custom subscope that is not custom',
      'JupyterHub:\n  custom_scopes: {"custom:a:b": {description: x, subscopes: [read:users]}}\n',
      { message: expect.stringMatching(/^expected a custom scope name/) },
    ],
  ])('reports %s', (_behaviour, yaml, expected) => {
    const problems = problemsOf(yaml);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toEqual(expect.objectContaining(expected));
  });
});
