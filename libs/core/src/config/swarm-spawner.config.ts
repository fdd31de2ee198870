import { AnyMapKey, PositiveNumberKey } from './config-key.decorators';
import { ConfigSection } from './config-key.registry';

@ConfigSection(
  'The swarm spawner (JupyterHub.spawner_class: swarm): each server a Docker Swarm service. It also reads every DockerSpawner key (image, volumes, limits, network_name, ...), as SwarmSpawner inherits them.',
)
export class SwarmSpawnerConfig {
  @AnyMapKey(
    "Placement of the service's task (Docker API names), e.g. {Constraints: ['node.labels.course==ml']}.",
  )
  extra_placement_spec: Record<string, unknown> = {};

  @AnyMapKey(
    'Resources of the task merged over the limits (Docker API names, e.g. {Limits: {Pids: 512}}).',
  )
  extra_resources_spec: Record<string, unknown> = {};

  @AnyMapKey("ContainerSpec fields of the task merged over the spawner's (Docker API names).")
  extra_container_spec: Record<string, unknown> = {};

  @AnyMapKey("TaskTemplate fields merged over the spawner's (Docker API names).")
  extra_task_spec: Record<string, unknown> = {};

  @PositiveNumberKey('CPU cores reserved for the task; null means none.', { optional: true })
  cpu_guarantee: number | null = null;
}
