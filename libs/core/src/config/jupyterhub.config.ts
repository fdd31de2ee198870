import {
  AnyMapKey,
  BooleanKey,
  ChoiceKey,
  IntegerKey,
  ListOfKey,
  MapOfKey,
  PositiveNumberKey,
  TextKey,
  TextListKey,
  TextMapKey,
} from './config-key.decorators';
import { ConfigSection } from './config-key.registry';
import {
  checkCustomScope,
  checkHttpUrl,
  checkNotEmpty,
  checkPep440,
  MIN_TOKEN_LENGTH,
  withSlashes,
} from './config-formats';
import { checkDbUrl } from './db-url';
import { CustomScopeSpec, GroupSpec, RoleSpec, ServiceSpec } from './jupyterhub-entries.config';

@ConfigSection('The hub: its URLs, database, secrets, roles, groups, services and limits.')
export class JupyterHubConfig {
  @TextKey('Public URL the proxy listens on for browsers (an empty host means all interfaces).', {
    check: checkHttpUrl,
  })
  bind_url = 'http://:8000';

  @TextKey('URL the hub HTTP server listens on.', { check: checkHttpUrl })
  hub_bind_url = 'http://127.0.0.1:8081';

  @TextKey('URL servers and services use to reach the hub; null means hub_bind_url.', {
    optional: true,
    check: checkHttpUrl,
  })
  hub_connect_url: string | null = null;

  @TextKey('URL prefix of everything the hub serves; always starts and ends with /.', {
    normalise: withSlashes,
  })
  base_url = '/';

  @TextKey(
    "Folder of the hub's state (mode 0700): the SQLite database and the cookie secret; null means /var/lib/orrery for root, else $XDG_DATA_HOME/orrery (~/.local/share/orrery). A relative path starts at the config file's folder.",
    { optional: true, check: checkNotEmpty },
  )
  data_dir: string | null = null;

  @BooleanKey(
    "Let the hub listen on a non-loopback bind_url although the local spawner runs every server as the hub's own Unix user, so any user's code can read the others' files and the hub's state.",
  )
  allow_public_bind_without_user_isolation = false;

  @TextKey(
    'Database URL: sqlite:///PATH (relative paths are inside data_dir) or postgresql://user:password@host:port/database.',
    {
      check: checkDbUrl,
    },
  )
  db_url = 'sqlite:///jupyterhub.sqlite';

  @TextKey('PEM certificate file for HTTPS on bind_url (the public port); needs ssl_key.', {
    optional: true,
    check: checkNotEmpty,
  })
  ssl_cert: string | null = null;

  @TextKey('PEM private key file for HTTPS on bind_url; needs ssl_cert.', {
    optional: true,
    check: checkNotEmpty,
  })
  ssl_key: string | null = null;

  @TextKey(
    'Hex secret that signs cookies; null reads cookie_secret_file, or generates and writes it.',
    {
      optional: true,
      check: (value) =>
        /^([0-9a-fA-F]{2})+$/.test(value as string) ? null : 'expected hex-encoded bytes',
    },
  )
  cookie_secret: string | null = null;

  @TextKey(
    'File that keeps the generated cookie secret across restarts (relative: inside data_dir).',
    {
      check: checkNotEmpty,
    },
  )
  cookie_secret_file = 'jupyterhub_cookie_secret';

  @ListOfKey(
    'Roles to create or update at start (name, description, scopes, users, groups, services).',
    () => RoleSpec,
  )
  load_roles: RoleSpec[] = [];

  @MapOfKey(
    'Groups to create at start: name -> {users, properties}, or name -> list of users.',
    () => GroupSpec,
    {
      fromList: (users) => ({ users }),
      checkName: checkNotEmpty,
    },
  )
  load_groups: Record<string, GroupSpec> = {};

  @ListOfKey('Hub services, managed (with command) or external (with url).', () => ServiceSpec)
  services: ServiceSpec[] = [];

  @MapOfKey('Custom scopes: custom:name -> {description, subscopes}.', () => CustomScopeSpec, {
    checkName: checkCustomScope,
  })
  custom_scopes: Record<string, CustomScopeSpec> = {};

  @IntegerKey('Number of items an API list returns when the request gives no limit.', {
    min: 1,
    check: (value, { api_page_max_limit: max }) =>
      // An invalid maximum is reported on its own key, not again here.
      Number.isInteger(max) && (max as number) >= 1 && (value as number) > (max as number)
        ? `must not exceed JupyterHub.api_page_max_limit (${max})`
        : null,
  })
  api_page_default_limit = 50;

  @IntegerKey('Largest number of items an API list returns.', { min: 1 })
  api_page_max_limit = 200;

  @TextMapKey('API tokens to load at start: token -> user name.', {
    checkEntry: (token, user) =>
      token.length < MIN_TOKEN_LENGTH
        ? `the token of ${user} must have at least ${MIN_TOKEN_LENGTH} characters`
        : null,
  })
  api_tokens: Record<string, string> = {};

  @BooleanKey('Let admins reach the servers of other users.')
  admin_access = false;

  @BooleanKey("Send a logged-in user from the hub's root to their server (started if needed).")
  redirect_to_server = true;

  @BooleanKey('Let users run named servers besides their default server.')
  allow_named_servers = false;

  @IntegerKey('Most named servers a user may have; 0 means no limit.')
  named_server_limit_per_user = 0;

  @IntegerKey('Most servers starting at once; 0 means no limit.')
  concurrent_spawn_limit = 100;

  @IntegerKey('Most servers running at once; 0 means no limit.')
  active_server_limit = 0;

  @BooleanKey('Whether /hub/metrics needs a credential with the read:metrics scope.')
  authenticate_prometheus = true;

  @IntegerKey('Seconds a start request waits for the server before answering 202 (pending).')
  slow_spawn_timeout = 10;

  @IntegerKey('Seconds a stop request waits for the server before answering 202 (pending).')
  slow_stop_timeout = 10;

  @PositiveNumberKey('Days a login cookie stays valid.')
  cookie_max_age_days = 14;

  @IntegerKey('Seconds within which activity updates of the same object are not written again.')
  activity_resolution = 30;

  @IntegerKey('Seconds between updates of last_activity from the proxy.', { min: 1 })
  last_activity_interval = 300;

  @IntegerKey('Longest lifetime in seconds a user may give a new token; 0 means no limit.')
  token_expires_in_max_seconds = 0;

  @IntegerKey('Seconds an OAuth token is valid; null means cookie_max_age_days.', {
    optional: true,
    min: 1,
  })
  oauth_token_expires_in: number | null = null;

  @BooleanKey('Require PKCE (code_challenge) from every OAuth client of the hub.')
  oauth_require_pkce = false;

  @TextKey('Authenticator to use, by registered name.', { check: checkNotEmpty })
  authenticator_class = 'first-use';

  @TextKey('Spawner to use, by registered name.', { check: checkNotEmpty })
  spawner_class = 'local';

  @TextKey('JupyterHub version reported in X-JupyterHub-Version (PEP 440); servers check it.', {
    check: checkPep440,
  })
  jupyterhub_version = '6.1.1';

  @TextListKey('Scopes added to the user role of every user.')
  extra_user_scopes: string[] = [];

  @TextListKey('Folders searched for page templates before the built-in ones.')
  template_paths: string[] = [];

  @TextKey('Image file shown as the logo on every page (served at <hub_prefix>logo).', {
    optional: true,
    check: checkNotEmpty,
  })
  logo_file: string | null = null;

  @AnyMapKey(
    'Extra variables passed to every page template (e.g. org_name, org_url, footer_links).',
  )
  template_vars: Record<string, unknown> = {};

  @ChoiceKey('Proxy: in-process (built in) or external (a CHP-compatible proxy process).', [
    'in-process',
    'external',
  ])
  proxy: 'in-process' | 'external' = 'in-process';
}
