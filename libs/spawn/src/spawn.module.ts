import { Global, Module } from '@nestjs/common';
import { HubMetrics } from '@orrery/core';
import { RestartRecovery } from './restart-recovery.service';
import { ServerLifecycle } from './server-lifecycle.service';
import { ServerPoller } from './server-poller.service';
import { SpawnOrchestrator } from './spawn-orchestrator.service';
import { SpawnProgress } from './spawn-progress.service';
import { SpawnRecords } from './spawn-records.service';
import { SpawnStates } from './spawn-states';
import { SpawnerRegistry } from './spawner-registry';
import { ManagedServices } from './services/managed-services.service';

/**
 * Spawners, the orchestrator of start and stop, restart recovery, and managed services. Needs
 * HubConfig, Clock, DataSource and a `ServerRoutes` (provided globally by the API's proxy module).
 */
@Global()
@Module({
  providers: [
    { provide: HubMetrics, useFactory: () => new HubMetrics() },
    SpawnerRegistry,
    SpawnStates,
    SpawnRecords,
    ServerPoller,
    ServerLifecycle,
    SpawnOrchestrator,
    SpawnProgress,
    RestartRecovery,
    ManagedServices,
  ],
  exports: [
    HubMetrics,
    SpawnOrchestrator,
    SpawnProgress,
    SpawnStates,
    SpawnRecords,
    ManagedServices,
    SpawnerRegistry,
  ],
})
export class SpawnModule {}
