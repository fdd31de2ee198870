import {
  BooleanKey,
  BytesKey,
  CommandKey,
  IntegerKey,
  PositiveNumberKey,
  TextKey,
  TextListKey,
  TextMapKey,
} from './config-key.decorators';
import { ConfigSection } from './config-key.registry';

@ConfigSection('How single-user servers are started; applies to every spawner.')
export class SpawnerConfig {
  @CommandKey('Command that starts a single-user server.')
  cmd: string[] = ['jupyterhub-singleuser'];

  @TextListKey('Extra arguments of the single-user server command.')
  args: string[] = [];

  @TextKey('IP address a single-user server listens on.')
  ip = '127.0.0.1';

  @IntegerKey('Port a single-user server listens on; 0 picks a free port.', { max: 65535 })
  port = 0;

  @IntegerKey('Seconds a server may take to start before the start fails.', { min: 1 })
  start_timeout = 60;

  @IntegerKey('Seconds a started server may take to answer HTTP before the start fails.', {
    min: 1,
  })
  http_timeout = 30;

  @IntegerKey('Seconds between checks that a server is still running; 0 disables them.')
  poll_interval = 30;

  @TextKey('Directory the server opens in; {username} is replaced; empty means home.')
  notebook_dir = '';

  @TextKey('URL path the server opens first (e.g. /lab); empty means its own default.')
  default_url = '';

  @TextListKey('Environment variables of the hub passed on to servers.')
  env_keep: string[] = [
    'CONDA_DEFAULT_ENV',
    'CONDA_ROOT',
    'JUPYTERHUB_SINGLEUSER_APP',
    'LANG',
    'LC_ALL',
    'LD_LIBRARY_PATH',
    'PATH',
    'PYTHONPATH',
    'VIRTUAL_ENV',
  ];

  @TextMapKey('Extra environment variables of servers.')
  environment: Record<string, string> = {};

  @TextMapKey(
    "Environment variables from the user's auth state: variable -> key (dotted path) in the state.",
  )
  auth_state_env: Record<string, string> = {};

  @BooleanKey('Run servers with debug logging.')
  debug = false;

  @TextListKey('Scopes the OAuth client of a server may grant besides access to it.')
  oauth_client_allowed_scopes: string[] = [];

  @TextListKey('Scopes of the API token of a server; null means the scopes of the server role.', {
    optional: true,
  })
  server_token_scopes: string[] | null = null;

  @BytesKey('Memory limit of a server in bytes (or 512M, 2G); null means none.')
  mem_limit: number | null = null;

  @PositiveNumberKey('CPU limit of a server in cores; null means none.', { optional: true })
  cpu_limit: number | null = null;

  @TextListKey(
    "Command run before each start with the server's environment plus JUPYTERHUB_USER_OPTIONS, in the user's directory; a failure fails the start. Empty: none.",
  )
  pre_spawn_hook: string[] = [];

  @TextListKey(
    'Command run after each stop with the same environment (without the token); a failure is only logged. Empty: none.',
  )
  post_stop_hook: string[] = [];

  @TextKey('HTML fields of the spawn page form; its values become user_options; empty: no form.')
  options_form = '';
}
