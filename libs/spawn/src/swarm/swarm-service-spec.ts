import type { DockerSpawnerConfig, SpawnerConfig, SwarmSpawnerConfig } from '@orrery/core';
import type Dockerode from 'dockerode';
import {
  containerEnv,
  deepMerge,
  LABEL_SERVER,
  LABEL_USER,
  notebookDir,
  usesHostNetwork,
  volumeBinds,
  type ContainerPlan,
} from '../docker/docker-container-spec';
import { expandDeep } from '../docker/docker-names';

type Common = Pick<
  SpawnerConfig,
  'cmd' | 'args' | 'mem_limit' | 'cpu_limit' | 'env_keep' | 'environment'
>;

/** `source:target:mode` binds as service mounts: a leading `/` is a host path, else a volume. */
export function serviceMounts(binds: string[]) {
  return binds.map((bind) => {
    const [source, target, mode] = bind.split(':');
    return {
      Type: source.startsWith('/') ? 'bind' : 'volume',
      Source: source,
      Target: target,
      ReadOnly: mode === 'ro',
    };
  });
}

const asMap = (value: unknown) => value as Record<string, unknown>;

function resources(docker: DockerSpawnerConfig, swarm: SwarmSpawnerConfig, common: Common) {
  const memory = docker.mem_limit ?? common.mem_limit;
  const cpus = docker.cpu_limit ?? common.cpu_limit;
  const limits: Record<string, number> = {};
  const reservations: Record<string, number> = {};
  if (memory) limits.MemoryBytes = memory;
  if (cpus) limits.NanoCPUs = Math.round(cpus * 1e9);
  if (docker.mem_guarantee) reservations.MemoryBytes = docker.mem_guarantee;
  if (swarm.cpu_guarantee) reservations.NanoCPUs = Math.round(swarm.cpu_guarantee * 1e9);
  return deepMerge({ Limits: limits, Reservations: reservations }, swarm.extra_resources_spec);
}

/**
 * The service-create request of one server (SwarmSpawner's create_object): one replica that
 * is never restarted (a server that exits is stopped, as a container is), the DockerSpawner
 * keys for image, environment, mounts and limits, and the SwarmSpawner extras.
 */
export function serviceCreateOptions(
  docker: DockerSpawnerConfig,
  swarm: SwarmSpawnerConfig,
  common: Common,
  plan: ContainerPlan,
): Dockerode.CreateServiceOptions {
  const extra = asMap(expandDeep(docker.extra_create_kwargs, plan.fields));
  const labels = {
    [LABEL_USER]: plan.user,
    [LABEL_SERVER]: plan.serverName,
    ...asMap(extra.Labels ?? {}),
  };
  const root = notebookDir(docker, plan);
  const container = deepMerge(
    {
      Image: plan.image,
      Command: [...common.cmd, ...common.args],
      Env: containerEnv(docker, common, plan),
      Labels: labels,
      Mounts: serviceMounts(volumeBinds(docker, plan.fields)),
      ...(root ? { Dir: root } : {}),
    },
    asMap(expandDeep(swarm.extra_container_spec, plan.fields)),
  );
  const network =
    docker.network_name && docker.network_name !== 'bridge' ? docker.network_name : '';
  const task = deepMerge(
    {
      ContainerSpec: container,
      Resources: resources(docker, swarm, common),
      Placement: asMap(expandDeep(swarm.extra_placement_spec, plan.fields)),
      RestartPolicy: { Condition: 'none' },
      Networks: network ? [{ Target: network }] : [],
    },
    asMap(expandDeep(swarm.extra_task_spec, plan.fields)),
  );
  const published = !docker.use_internal_ip && !usesHostNetwork(docker);
  return deepMerge(
    {
      Name: plan.name,
      Labels: labels,
      TaskTemplate: task,
      Mode: { Replicated: { Replicas: 1 } },
      EndpointSpec: published
        ? { Ports: [{ Protocol: 'tcp', TargetPort: docker.port, PublishMode: 'ingress' }] }
        : {},
    },
    extra,
  ) as unknown as Dockerode.CreateServiceOptions;
}
