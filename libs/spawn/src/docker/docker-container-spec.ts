import type { DockerSpawnerConfig, SpawnerConfig, TemplateField } from '@orrery/core';
import { checkedTemplatePath, expandTemplate } from '@orrery/core';
import type Dockerode from 'dockerode';
import { expandDeep } from './docker-names';

/** Labels on everything the spawner creates, so its containers can be found by owner. */
export const LABEL_USER = 'org.orrery.user';
export const LABEL_SERVER = 'org.orrery.server';

/** A CPU period of 100 ms, as DockerSpawner uses: the quota is the limit in cores times it. */
const CPU_PERIOD = 100_000;

export interface ContainerPlan {
  name: string;
  image: string;
  user: string;
  serverName: string;
  /** the server's environment as the hub built it */
  env: Record<string, string>;
  fields: Record<TemplateField, string>;
}

type Settings = DockerSpawnerConfig;
type Common = Pick<
  SpawnerConfig,
  'cmd' | 'args' | 'mem_limit' | 'cpu_limit' | 'env_keep' | 'environment'
>;

/** 'host': the container shares the host's network and listens on a host port itself. */
export function usesHostNetwork(settings: Pick<Settings, 'network_name'>): boolean {
  return settings.network_name === 'host';
}

/**
 * `DockerSpawner.notebook_dir` with its fields, or ''. (`Spawner.notebook_dir` is already in
 * the hub's environment as JUPYTERHUB_ROOT_DIR.)
 */
export function notebookDir(settings: Settings, plan: ContainerPlan): string {
  return settings.notebook_dir ? expandTemplate(settings.notebook_dir, plan.fields) : '';
}

/**
 * The container's environment: the hub's server environment without the hub's own variables
 * (`env_keep`: the host's PATH means nothing in an image, DockerSpawner keeps none) unless
 * `Spawner.environment` sets them, plus the image and DockerSpawner's own `environment`.
 */
export function containerEnv(settings: Settings, common: Common, plan: ContainerPlan): string[] {
  const env = { ...plan.env };
  for (const key of common.env_keep) if (!(key in common.environment)) delete env[key];
  env.JUPYTER_IMAGE_SPEC = plan.image;
  const root = notebookDir(settings, plan);
  if (root) env.JUPYTERHUB_ROOT_DIR = root;
  if (settings.debug) env.JUPYTERHUB_DEBUG = '1';
  Object.assign(env, settings.environment);
  return Object.entries(env).map(([key, value]) => `${key}=${value}`);
}

/** A path side of a volume, checked to stay inside its template's folder (a name is not a path). */
function volumeSide(template: string, fields: Record<TemplateField, string>): string {
  const expanded = expandTemplate(template, fields);
  return template.startsWith('/') ? checkedTemplatePath(template, expanded) : expanded;
}

/** `volumes` and `read_only_volumes` as Docker binds `source:target:mode`. */
export function volumeBinds(settings: Settings, fields: Record<TemplateField, string>): string[] {
  const binds = Object.entries(settings.volumes).map(([source, target]) => {
    const bind = typeof target === 'string' ? target : target.bind;
    const mode = typeof target === 'string' ? 'rw' : (target.mode ?? 'rw');
    return `${volumeSide(source, fields)}:${volumeSide(bind, fields)}:${mode}`;
  });
  const readOnly = Object.entries(settings.read_only_volumes).map(
    ([source, target]) => `${volumeSide(source, fields)}:${volumeSide(target, fields)}:ro`,
  );
  return [...binds, ...readOnly];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Merges `extra` into `base`: mappings key by key, anything else replaced. */
export function deepMerge(
  base: Record<string, unknown>,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const merged = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    merged[key] = isObject(value) && isObject(merged[key]) ? deepMerge(merged[key], value) : value;
  }
  return merged;
}

function hostConfig(settings: Settings, common: Common, plan: ContainerPlan) {
  const port = `${settings.port}/tcp`;
  const memory = settings.mem_limit ?? common.mem_limit;
  const cpus = settings.cpu_limit ?? common.cpu_limit;
  const config: Record<string, unknown> = {
    NetworkMode: settings.network_name,
    Binds: volumeBinds(settings, plan.fields),
  };
  if (!settings.use_internal_ip && !usesHostNetwork(settings)) {
    // an empty HostPort: the engine picks a free port of host_ip
    config.PortBindings = { [port]: [{ HostIp: settings.host_ip, HostPort: '' }] };
  }
  if (memory) config.Memory = memory;
  if (settings.mem_guarantee) config.MemoryReservation = settings.mem_guarantee;
  if (cpus) {
    config.CpuPeriod = CPU_PERIOD;
    config.CpuQuota = Math.round(cpus * CPU_PERIOD);
  }
  return deepMerge(
    config,
    expandDeep(settings.extra_host_config, plan.fields) as Record<string, unknown>,
  );
}

/** The container-create request of one server (Docker Engine API field names). */
export function containerCreateOptions(
  settings: Settings,
  common: Common,
  plan: ContainerPlan,
): Dockerode.ContainerCreateOptions {
  const root = notebookDir(settings, plan);
  const options: Record<string, unknown> = {
    name: plan.name,
    Image: plan.image,
    Cmd: [...common.cmd, ...common.args],
    Env: containerEnv(settings, common, plan),
    Labels: { [LABEL_USER]: plan.user, [LABEL_SERVER]: plan.serverName },
    HostConfig: hostConfig(settings, common, plan),
  };
  if (!usesHostNetwork(settings)) options.ExposedPorts = { [`${settings.port}/tcp`]: {} };
  if (root) options.WorkingDir = root;
  return deepMerge(
    options,
    expandDeep(settings.extra_create_kwargs, plan.fields) as Record<string, unknown>,
  ) as Dockerode.ContainerCreateOptions;
}
