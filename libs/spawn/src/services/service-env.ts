import { SpawnerConfig } from '@orrery/core';
import { buildServerEnv, urlEscapePath } from '../server-env';
import type { PublicUrls } from '../public-urls';
import type { BindAddress } from '../spawner';

/** What the environment of one managed service is made of (JupyterHub's `Service.start`). */
export interface ServiceEnvInput {
  /** the hub's own environment, of which only the local spawner's default `env_keep` passes */
  hubEnv: Readonly<Record<string, string | undefined>>;
  name: string;
  /** the spec's `url` as configured, or null for a service without one */
  url: string | null;
  /** the spec's `user`, '' when it has none */
  user: string;
  apiToken: string;
  /** `oauth_client_id`, else `service-<name>` */
  clientId: string;
  /** `<base_url>`, e.g. `/` */
  baseUrl: string;
  /** `http://127.0.0.1:8081/hub/api`, without a trailing slash */
  hubApiUrl: string;
  /** the service's public URLs (on `<name>--service.<domain>` with subdomain_host) */
  urls?: PublicUrls;
  /** the spawner's address, which a service without a URL is told (`http://127.0.0.1:0/`) */
  bind: BindAddress;
  /** the spec's `environment` */
  environment: Readonly<Record<string, string>>;
}

/**
 * JupyterHub builds a service's spawner without the hub's config, so the local spawner's
 * defaults apply, not the configured `Spawner.*` values.
 */
const SPAWNER_DEFAULTS = new SpawnerConfig();

/** `/services/<name>/` under `base_url`. */
export function servicePrefix(baseUrl: string, name: string): string {
  return `${baseUrl}services/${urlEscapePath(name)}/`;
}

/**
 * A managed service's environment: a single-user server's, computed for a mock user named
 * after the spec's `user` that has no server of its own, with the service's identity on top
 * and no activity URL (services do not report activity).
 */
export function buildServiceEnv(input: ServiceEnvInput): Record<string, string> {
  const prefix = servicePrefix(input.baseUrl, input.name);
  const env = buildServerEnv({
    hubEnv: input.hubEnv,
    envKeep: SPAWNER_DEFAULTS.env_keep,
    apiToken: input.apiToken,
    adminAccess: false,
    clientId: input.clientId,
    user: input.user,
    serverName: '',
    baseUrl: input.baseUrl,
    prefix: null,
    // the mock user's URL is the service's prefix, which only a service with a URL has
    oauthCallbackUrl: input.url
      ? (input.urls?.oauthCallbackUrl ?? `${prefix}oauth_callback`)
      : 'oauth_callback',
    hubHost: input.urls?.hubHost,
    publicUrl: input.url ? input.urls?.publicUrl : '',
    publicHubUrl: input.urls?.publicHubUrl,
    hubApiUrl: input.hubApiUrl,
    accessScopes: ['access:services', `access:services!service=${input.name}`],
    clientAllowedScopes: SPAWNER_DEFAULTS.oauth_client_allowed_scopes,
    bind: input.bind,
    memLimit: null,
    cpuLimit: null,
    notebookDir: '',
    defaultUrl: '',
    debug: false,
    // the spec's environment first: the service's name, URL and prefix override it
    environment: {
      ...input.environment,
      JUPYTERHUB_SERVICE_NAME: input.name,
      ...(input.url
        ? { JUPYTERHUB_SERVICE_URL: input.url, JUPYTERHUB_SERVICE_PREFIX: prefix }
        : {}),
    },
  });
  delete env.JUPYTERHUB_ACTIVITY_URL;
  return env;
}
