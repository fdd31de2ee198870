export { SpawnModule } from './spawn.module';
export { SpawnOrchestrator } from './spawn-orchestrator.service';
export type { StartRequest } from './spawn-orchestrator.service';
export { SpawnProgress, readyEvent } from './spawn-progress.service';
export { SpawnStates, SpawnFailed } from './spawn-states';
export type { PendingAction, ProgressEvent } from './spawn-states';
export { SpawnRecords } from './spawn-records.service';
export { findSpawner, SpawnerRegistry } from './spawner-registry';
export { ServerRoutes } from './server-routes.port';
export { ManagedServices, ManagedServiceFailed } from './services/managed-services.service';
export {
  isValidServerName,
  isValidDisplayName,
  normaliseDisplayName,
  serverLogName,
} from './server-names';
export type { Spawner, SpawnContext, SpawnerDescriptor, SpawnerSlot } from './spawner';
export { allocatesUids, homeDirectory } from './local/local.spawner';
export { RemoteTunnels, TunnelRefused } from './remote/remote-tunnels.service';
export type { HubApiAddress, LiveTunnel, TunnelOffer } from './remote/remote-tunnels.service';
