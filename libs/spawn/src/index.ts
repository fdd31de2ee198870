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
// the courses' grader services run as managed services of a course's grader account
export { LocalProcessSpawner } from './local/local.spawner';
export { LocalUidAllocator } from './local/local-uid-allocator';
export { freePort } from './local/free-port';
export { buildServiceEnv, servicePrefix } from './services/service-env';
export { hubApiUrl } from './server-lifecycle.service';
export { ServerExited, waitUp } from './wait-up';
export type { SystemUser } from './local/system-user';
export { ServerEvents, SERVER_EVENTS_LIMIT } from './server-events.service';
export type { NewServerEvent, ServerEventKind } from './server-events.service';
export { diagnose } from './server-diagnosis';
export type { Diagnosis } from './server-diagnosis';
export { SERVER_TOKEN_SCOPES_HOOK, type ServerTokenScopesHook } from './server-token-scopes-hook';
export { RemoteTunnels, TunnelRefused } from './remote/remote-tunnels.service';
export type { HubApiAddress, LiveTunnel, TunnelOffer } from './remote/remote-tunnels.service';
export { SERVER_ENV_HOOK, type ServerEnvHook } from './server-env-hook';
