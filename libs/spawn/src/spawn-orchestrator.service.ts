import { Inject, Injectable } from '@nestjs/common';
import {
  HubConfig,
  HubError,
  HubMetrics,
  secondsSince,
  SpawnerEntity,
  UserEntity,
} from '@orrery/core';
import { ServerLifecycle } from './server-lifecycle.service';
import { serverLogName } from './server-names';
import { checkSpawnLimits } from './spawn-limits';
import { SpawnRecords } from './spawn-records.service';
import { PendingAction, SpawnFailed, SpawnStates } from './spawn-states';

export interface StartRequest {
  /** null reuses the options of the previous start */
  userOptions: Record<string, unknown> | null;
  /** a new display name to store, or null */
  displayName: string | null;
}

function settleWithin<T>(work: Promise<T>, seconds: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((done) => {
    timer = setTimeout(() => done('timeout'), seconds * 1000);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Starting and stopping servers for the API and the pages, with JupyterHub's request
 * semantics: a start or stop is waited for up to `slow_spawn_timeout` / `slow_stop_timeout`
 * and then goes on in the background ('pending'); concurrent and active limits; a second
 * start while one is in flight is the same start.
 */
@Injectable()
export class SpawnOrchestrator {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(SpawnRecords) private readonly records: SpawnRecords,
    @Inject(SpawnStates) private readonly states: SpawnStates,
    @Inject(ServerLifecycle) private readonly lifecycle: ServerLifecycle,
    @Inject(HubMetrics) private readonly metrics: HubMetrics,
  ) {}

  /** The in-flight action of a server, for the `pending` fields of the models. */
  pending(spawnerId: number): PendingAction | null {
    return this.states.pending(spawnerId);
  }

  /** The last start's failure (null after a success), for the spawn-pending and error pages. */
  lastSpawnError(spawnerId: number): SpawnFailed | null {
    return this.states.failure(spawnerId);
  }

  /** Starts `user`'s server `serverName` (created if missing): 'ready' (201) or 'pending' (202). */
  async start(
    user: UserEntity,
    serverName: string,
    request: StartRequest,
    waitSeconds = this.config.JupyterHub.slow_spawn_timeout,
  ): Promise<'ready' | 'pending'> {
    let spawner = await this.records.getOrCreateSpawner(
      user.id,
      serverName,
      request.displayName ?? serverName,
    );
    if (this.refusePending(user, spawner) === 'spawn') return 'pending';
    if (spawner.serverId !== null) {
      const status = await this.lifecycle.restore(user, spawner).poll();
      if (status === null) {
        throw new HubError(400, `${serverLogName(user.name, serverName)} is already running`);
      }
      // it died unnoticed: its records go before it starts again
      await this.lifecycle.stop(user, spawner);
    }
    if (request.displayName && spawner.displayName !== request.displayName) {
      await this.records.updateSpawner(spawner.id, { displayName: request.displayName });
    }
    spawner = (await this.records.spawnerById(spawner.id)) ?? spawner;
    if (this.refusePending(user, spawner) === 'spawn') return 'pending';
    this.states.setPending(spawner.id, 'spawn');
    try {
      checkSpawnLimits(
        // this start is already counted as pending
        { pending: this.states.spawnsPending() - 1, active: await this.records.activeCount() },
        {
          concurrentSpawnLimit: this.config.JupyterHub.concurrent_spawn_limit,
          activeServerLimit: this.config.JupyterHub.active_server_limit,
        },
      );
    } catch (error) {
      this.states.setPending(spawner.id, null);
      throw error;
    }
    const current = spawner;
    const done = this.states.beginSpawn(spawner.id, (signal) =>
      this.timedStart(this.lifecycle.start(user, current, request.userOptions, signal)),
    );
    const outcome = await settleWithin(done, waitSeconds);
    return outcome === 'timeout' ? 'pending' : 'ready';
  }

  /**
   * As JupyterHub labels a start: `success`, `failure` for a refusal below 500, `error` for
   * anything else (a server that exits or never listens); `reason` is empty as JupyterHub's is there.
   */
  private async timedStart(start: Promise<void>): Promise<void> {
    const began = performance.now();
    try {
      await start;
      this.metrics.spawnDuration.observe({ status: 'success', reason: '' }, secondsSince(began));
    } catch (error) {
      const status = error instanceof HubError && error.status < 500 ? 'failure' : 'error';
      this.metrics.spawnDuration.observe({ status, reason: '' }, secondsSince(began));
      throw error;
    }
  }

  /** A stop, observed in `jupyterhub_server_stop_seconds{status}`. */
  private async timedStop(stop: Promise<void>): Promise<void> {
    const began = performance.now();
    try {
      await stop;
      this.metrics.stopDuration.observe({ status: 'success' }, secondsSince(began));
    } catch (error) {
      this.metrics.stopDuration.observe({ status: 'failure' }, secondsSince(began));
      throw error;
    }
  }

  /** 'spawn' when a start is in flight; another pending action refuses the request. */
  private refusePending(user: UserEntity, spawner: SpawnerEntity): 'spawn' | null {
    const pending = this.states.pending(spawner.id);
    if (pending === 'spawn') return 'spawn';
    if (pending) {
      throw new HubError(400, `${serverLogName(user.name, spawner.name)} is pending ${pending}`);
    }
    return null;
  }

  /**
   * Stops a server: a pending start is cancelled (and cleaned up by it), a running one
   * stopped. 'stopped' (204) or 'pending' (202) when it takes longer than `slow_stop_timeout`.
   * `after` runs once the server has stopped, even if that is after the answer.
   */
  async stop(
    user: UserEntity,
    spawner: SpawnerEntity,
    after: () => Promise<void> = async () => undefined,
    waitSeconds = this.config.JupyterHub.slow_stop_timeout,
  ): Promise<'stopped' | 'pending'> {
    const id = spawner.id;
    const pending = this.states.pending(id);
    let stopping: Promise<void>;
    if (pending === 'stop') {
      void (this.states.stopping(id) ?? Promise.resolve()).then(after).catch(() => undefined);
      return 'pending';
    }
    if (pending === 'spawn') {
      this.states.cancelSpawn(id);
      // a start that finished before it saw the cancel is stopped like a running server
      stopping = (this.states.spawnSettled(id) ?? Promise.resolve()).then(() =>
        this.stopIfActive(user, id),
      );
    } else if (spawner.serverId !== null) {
      stopping = this.timedStop(this.lifecycle.stop(user, spawner));
    } else {
      stopping = Promise.resolve();
    }
    const outcome = await settleWithin(stopping.then(after), waitSeconds);
    return outcome === 'timeout' ? 'pending' : 'stopped';
  }

  private async stopIfActive(user: UserEntity, spawnerId: number): Promise<void> {
    const spawner = await this.records.spawnerById(spawnerId);
    if (spawner?.serverId != null && this.states.pending(spawnerId) !== 'stop') {
      await this.timedStop(this.lifecycle.stop(user, spawner));
    }
  }

  /** Stops (if needed) and deletes a named server's spawner row (`DELETE` with `remove`). */
  remove(user: UserEntity, spawner: SpawnerEntity): Promise<'stopped' | 'pending'> {
    return this.stop(user, spawner, async () => {
      await this.records.deleteSpawner(spawner.id);
      this.states.forget(spawner.id);
    });
  }
}
