import { dockerSpawner } from './docker/docker.spawner';
import { localSpawner } from './local/local.spawner';
import { remoteSpawner } from './remote/remote.spawner';
import { swarmSpawner } from './swarm/swarm.spawner';
import type { SpawnerDescriptor } from './spawner';

/** Every spawner kind, one line each; `JupyterHub.spawner_class` picks one by name or alias. */
export const SPAWNERS: readonly SpawnerDescriptor[] = [
  localSpawner,
  dockerSpawner,
  swarmSpawner,
  remoteSpawner,
];
