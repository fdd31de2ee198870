import { Inject, Injectable } from '@nestjs/common';
import { HubConfig, HubError, UserEntity } from '@orrery/core';
import { ProgressEvent, SpawnOrchestrator, SpawnProgress, SpawnRecords } from '@orrery/spawn';
import { AuthRefresh } from '../auth/auth-refresh.service';
import { parseServerBody } from './server-body';
import { ServerRequests } from './server-requests.service';

/** Start, stop and follow a server, as `POST`/`DELETE`/`GET .../progress` do. */
@Injectable()
export class ServerActions {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(ServerRequests) private readonly requests: ServerRequests,
    @Inject(SpawnRecords) private readonly records: SpawnRecords,
    @Inject(SpawnOrchestrator) private readonly orchestrator: SpawnOrchestrator,
    @Inject(SpawnProgress) private readonly progressEvents: SpawnProgress,
    @Inject(AuthRefresh) private readonly refresh: AuthRefresh,
  ) {}

  /** 201 when the server is ready within `slow_spawn_timeout`, 202 while it still starts. */
  async start(userName: string, serverName: string, body: unknown): Promise<201 | 202> {
    const user = await this.requests.user(userName);
    const parsed = parseServerBody(body);
    let displayName: string | null = null;
    if (serverName) {
      await this.requests.checkNamed(user, serverName, parsed.display_name || serverName);
      displayName = parsed.display_name || null;
    }
    await this.refresh.beforeSpawn(user);
    const outcome = await this.orchestrator.start(user, serverName, {
      userOptions: parsed.user_options,
      displayName,
    });
    return outcome === 'ready' ? 201 : 202;
  }

  /** 204 when stopped within `slow_stop_timeout`, 202 while it still stops. */
  async stop(userName: string, serverName: string, body: unknown): Promise<204 | 202> {
    const user = await this.requests.user(userName);
    const remove = Boolean((body as Record<string, unknown> | undefined)?.remove);
    if (serverName) {
      if (!this.config.JupyterHub.allow_named_servers) {
        throw new HubError(400, 'Named servers are not enabled.');
      }
    } else if (remove) {
      throw new HubError(400, 'Cannot delete the default server');
    }
    const spawner = await this.records.findSpawner(user.id, serverName);
    if (!spawner) {
      if (!serverName) return 204;
      throw new HubError(404, `${userName} has no server named '${serverName}'`);
    }
    const outcome = remove
      ? await this.orchestrator.remove(user, spawner)
      : await this.orchestrator.stop(user, spawner);
    return outcome === 'stopped' ? 204 : 202;
  }

  async progress(userName: string, serverName: string): Promise<AsyncIterable<ProgressEvent>> {
    const user: UserEntity = await this.requests.user(userName);
    const spawner = await this.requests.spawner(user, serverName);
    return this.progressEvents.open(user.name, spawner);
  }
}
