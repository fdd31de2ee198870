import { Inject, Injectable } from '@nestjs/common';
import { HubConfig, HubError, serverOrigin, SpawnerEntity, subdomainHostOf } from '@orrery/core';
import { serverPrefix } from './server-identity';
import { serverLogName } from './server-names';
import { SpawnRecords } from './spawn-records.service';
import { ProgressEvent, SpawnStates } from './spawn-states';

/** The last event of a start that worked (JupyterHub's ready event). */
export function readyEvent(url: string): ProgressEvent {
  return {
    progress: 100,
    ready: true,
    message: `Server ready at ${url}`,
    html_message: `Server ready at <a href="${url}">${url}</a>`,
    url,
  };
}

/**
 * The progress events of a start (JupyterHub's SpawnProgressAPIHandler): what happened so
 * far, then each new event, then the ready or failed event.
 */
@Injectable()
export class SpawnProgress {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(SpawnStates) private readonly states: SpawnStates,
    @Inject(SpawnRecords) private readonly records: SpawnRecords,
  ) {}

  /** The events to send; throws 400 when the server is neither starting, ready nor failed. */
  open(user: string, spawner: SpawnerEntity): AsyncIterable<ProgressEvent> {
    // the ready event's url is JupyterHub's `user.server_url`: absolute with subdomain_host
    const origin = serverOrigin(
      subdomainHostOf(this.config.JupyterHub.subdomain_host),
      user,
      'user',
    );
    const url = origin + serverPrefix(this.config.JupyterHub.base_url, user, spawner.name);
    const pending = this.states.pending(spawner.id);
    if (spawner.serverId !== null && !pending) return this.once(readyEvent(url));
    if (pending !== 'spawn') {
      const failed = this.failedEvent(spawner.id);
      if (failed) return this.once(failed);
      throw new HubError(400, `${serverLogName(user, spawner.name)} is not starting...`);
    }
    return this.follow(spawner.id, url);
  }

  private async *once(event: ProgressEvent): AsyncIterable<ProgressEvent> {
    yield event;
  }

  private failedEvent(spawnerId: number): ProgressEvent | null {
    const failure = this.states.failure(spawnerId);
    if (!failure) return null;
    const message = failure.cancelled ? 'Spawn cancelled' : `Spawn failed: ${failure.hubMessage}`;
    return { progress: 100, failed: true, message };
  }

  private async *follow(spawnerId: number, url: string): AsyncIterable<ProgressEvent> {
    const settled = this.states.spawnSettled(spawnerId);
    let done = false;
    void settled?.then(() => (done = true));
    let wake: () => void = () => undefined;
    const unlisten = this.states.listen(spawnerId, () => wake());
    try {
      let sent = 0;
      for (;;) {
        const events = this.states.events(spawnerId);
        while (sent < events.length) yield events[sent++];
        if (done || !settled) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
          void settled.then(resolve);
        });
      }
    } finally {
      unlisten();
    }
    const spawner = await this.records.spawnerById(spawnerId);
    if (spawner?.serverId != null && !this.states.pending(spawnerId)) yield readyEvent(url);
    else
      yield this.failedEvent(spawnerId) ?? { progress: 100, failed: true, message: 'Spawn failed' };
  }
}
