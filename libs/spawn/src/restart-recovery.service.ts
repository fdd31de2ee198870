import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HubConfig, SpawnerEntity } from '@orrery/core';
import { ServerLifecycle } from './server-lifecycle.service';
import { SpawnRecords } from './spawn-records.service';
import { SpawnStates } from './spawn-states';
import { SpawnerRegistry } from './spawner-registry';
import { waitUp } from './wait-up';

/**
 * JupyterHub's init_spawners: at start, every server with a servers row is restored from its
 * state and polled. Dead ones are cleaned up before the proxy syncs its routes (so theirs
 * go); live ones keep their routes and are checked in the background (pending 'check')
 * until they answer HTTP, then polled like any other, or stopped if they never answer.
 */
@Injectable()
export class RestartRecovery implements OnModuleInit {
  private readonly logger = new Logger('spawner');

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(SpawnRecords) private readonly records: SpawnRecords,
    @Inject(SpawnStates) private readonly states: SpawnStates,
    @Inject(ServerLifecycle) private readonly lifecycle: ServerLifecycle,
    @Inject(SpawnerRegistry) private readonly registry: SpawnerRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.registry.prepare();
    for (const spawner of await this.records.activeSpawners()) {
      await this.recover(spawner).catch((error: unknown) =>
        this.logger.error({
          message: `recovery failed: ${String(error)}`,
          user: spawner.user.name,
        }),
      );
    }
  }

  private async recover(spawner: SpawnerEntity): Promise<void> {
    const user = spawner.user;
    const status = await this.lifecycle.restore(user, spawner).poll();
    if (status !== null) {
      this.logger.warn({
        message: `server is gone (status ${status}); cleaning up`,
        user: user.name,
        server: spawner.name,
      });
      await this.lifecycle.stop(user, spawner);
      return;
    }
    this.states.setPending(spawner.id, 'check');
    void this.check(spawner);
  }

  private async check(spawner: SpawnerEntity): Promise<void> {
    const user = spawner.user;
    const server = spawner.server;
    const host = server
      ? `${server.proto}://${server.ip.includes(':') ? `[${server.ip}]` : server.ip}:${server.port}`
      : '';
    try {
      await waitUp(`${host}${this.lifecycle.prefix(user.name, spawner.name)}api`, {
        timeoutMs: this.config.Spawner.http_timeout * 1000,
        exited: () => this.lifecycle.restore(user, spawner).poll(),
      });
      this.states.setPending(spawner.id, null);
      this.lifecycle.watch(user, spawner.id);
      this.logger.log({ message: 'server still running', user: user.name, server: spawner.name });
    } catch (error) {
      this.logger.warn({
        message: `server did not answer after restart: ${String(error)}`,
        user: user.name,
        server: spawner.name,
      });
      this.states.setPending(spawner.id, null);
      await this.lifecycle
        .stop(user, spawner)
        .catch((stopError: unknown) =>
          this.logger.error({ message: `stopping failed: ${String(stopError)}`, user: user.name }),
        );
    }
  }
}
