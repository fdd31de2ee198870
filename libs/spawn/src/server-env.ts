import type { BindAddress } from './spawner';

/** What the environment of one server is made of (JupyterHub's `Spawner.get_env`). */
export interface ServerEnvInput {
  /** the hub's own environment, of which only `envKeep` passes */
  hubEnv: Readonly<Record<string, string | undefined>>;
  envKeep: readonly string[];
  apiToken: string;
  adminAccess: boolean;
  clientId: string;
  user: string;
  serverName: string;
  /** `<base_url>`, e.g. `/` */
  baseUrl: string;
  /** the server's prefix, e.g. `/user/alice/`; null for a service (its spawner has no server) */
  prefix: string | null;
  /** where OAuth returns to; `<prefix>oauth_callback` unless given (services: under their URL) */
  oauthCallbackUrl?: string;
  /** `http://127.0.0.1:8081/hub/api`, without a trailing slash */
  hubApiUrl: string;
  /** the hub's public origin (`JUPYTERHUB_HOST`): set with subdomain_host, else '' (relative) */
  hubHost?: string;
  /** the server's and the hub's absolute public URLs, '' when the hub has none */
  publicUrl?: string;
  publicHubUrl?: string;
  accessScopes: readonly string[];
  clientAllowedScopes: readonly string[];
  bind: BindAddress;
  memLimit: number | null;
  cpuLimit: number | null;
  notebookDir: string;
  defaultUrl: string;
  debug: boolean;
  /** `Spawner.environment`, applied last so it may override any of the above */
  environment: Readonly<Record<string, string>>;
}

/** Python's `quote(value, safe='@~')`: JupyterHub's escaping of names in URL paths. */
export function urlEscapePath(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%40/g, '@');
}

/** Python's `json.dumps` of a list of strings: `", "` between items, non-ASCII escaped. */
function pythonJsonList(items: readonly string[]): string {
  const quoted = items.map((item) =>
    JSON.stringify(item).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    ),
  );
  return `[${quoted.join(', ')}]`;
}

function formatUser(template: string, user: string): string {
  return template.replaceAll('{username}', user);
}

function bindUrl({ ip, port }: BindAddress, prefix: string): string {
  const host = ip.includes(':') ? `[${ip}]` : ip;
  return `http://${host}:${port}${prefix}`;
}

/** Every variable a single-user server reads, in JupyterHub's order and with its values. */
export function buildServerEnv(input: ServerEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of input.envKeep) {
    const value = input.hubEnv[key];
    if (value !== undefined) env[key] = value;
  }
  env.JUPYTERHUB_API_TOKEN = input.apiToken;
  // the pre-0.7 name, still read by old single-user servers
  env.JPY_API_TOKEN = input.apiToken;
  if (input.adminAccess) env.JUPYTERHUB_ADMIN_ACCESS = '1';
  env.JUPYTERHUB_CLIENT_ID = input.clientId;
  env.JUPYTERHUB_COOKIE_HOST_PREFIX_ENABLED = '0';
  env.JUPYTERHUB_HOST = input.hubHost ?? '';
  env.JUPYTERHUB_OAUTH_CALLBACK_URL =
    input.oauthCallbackUrl ?? `${input.prefix ?? ''}oauth_callback`;
  env.JUPYTERHUB_OAUTH_SCOPES = pythonJsonList(input.accessScopes);
  env.JUPYTERHUB_OAUTH_ACCESS_SCOPES = pythonJsonList(input.accessScopes);
  env.JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES = pythonJsonList(input.clientAllowedScopes);
  env.JUPYTERHUB_USER = input.user;
  env.JUPYTERHUB_SERVER_NAME = input.serverName;
  env.JUPYTERHUB_API_URL = input.hubApiUrl;
  env.JUPYTERHUB_ACTIVITY_URL = `${input.hubApiUrl}/users/${urlEscapePath(input.user)}/activity`;
  env.JUPYTERHUB_BASE_URL = input.baseUrl;
  if (input.prefix !== null) env.JUPYTERHUB_SERVICE_PREFIX = input.prefix;
  env.JUPYTERHUB_SERVICE_URL = bindUrl(input.bind, input.prefix ?? '/');
  env.JUPYTERHUB_PUBLIC_URL = input.publicUrl ?? '';
  env.JUPYTERHUB_PUBLIC_HUB_URL = input.publicHubUrl ?? '';
  if (input.memLimit) env.MEM_LIMIT = String(input.memLimit);
  // a Python float: 1 is written 1.0
  if (input.cpuLimit)
    env.CPU_LIMIT = Number.isInteger(input.cpuLimit)
      ? input.cpuLimit.toFixed(1)
      : String(input.cpuLimit);
  if (input.notebookDir) env.JUPYTERHUB_ROOT_DIR = formatUser(input.notebookDir, input.user);
  if (input.defaultUrl) env.JUPYTERHUB_DEFAULT_URL = formatUser(input.defaultUrl, input.user);
  if (input.debug) env.JUPYTERHUB_DEBUG = '1';
  return { ...env, ...input.environment };
}
