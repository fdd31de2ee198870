import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock, ServerEventEntity, SpawnerEntity } from '@orrery/core';
import { DataSource } from 'typeorm';

export type ServerEventKind = 'cull' | 'failure';

export interface NewServerEvent {
  userName: string;
  /** null: the whole user (a culled user) */
  serverName: string | null;
  kind: ServerEventKind;
  reason: string;
  summary: string;
  details?: string;
}

/** At most this many events are returned by one query (the admin page pages through them). */
export const SERVER_EVENTS_LIMIT = 200;

/**
 * The record of why servers went away (`orrery_server_events`): every cull with its reason and
 * every failed start or death with its diagnosis. Each record is also one log event line.
 */
@Injectable()
export class ServerEvents {
  private readonly logger = new Logger('events');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async record(event: NewServerEvent): Promise<ServerEventEntity> {
    const repo = this.dataSource.getRepository(ServerEventEntity);
    const saved = await repo.save(
      repo.create({ ...event, details: event.details ?? '', created: this.clock.now() }),
    );
    this.logger.log({
      message: `${event.kind}: ${event.summary}`,
      event: event.kind,
      reason: event.reason,
      user: event.userName,
      server: event.serverName,
    });
    return saved;
  }

  /** Newest first; `user` narrows to one user's events, `kind` to culls or failures. */
  async list(filter: { user?: string; kind?: ServerEventKind; limit?: number } = {}) {
    return this.dataSource.getRepository(ServerEventEntity).find({
      where: {
        ...(filter.user !== undefined ? { userName: filter.user } : {}),
        ...(filter.kind ? { kind: filter.kind } : {}),
      },
      order: { created: 'DESC', id: 'DESC' },
      take: Math.min(filter.limit ?? SERVER_EVENTS_LIMIT, SERVER_EVENTS_LIMIT),
    });
  }

  /**
   * What the owner's pages say about a server that is not running: the learner's words of its
   * newest failure or cull, unless it has run or been started since (the stop sequence stamps
   * the slot's activity before the event is recorded, so the event is newer only until then).
   */
  async lastProblem(userName: string, spawner: SpawnerEntity | null): Promise<string | null> {
    if (!spawner || spawner.serverId !== null) return null;
    const [event] = await this.dataSource.getRepository(ServerEventEntity).find({
      where: { userName, serverName: spawner.name },
      order: { created: 'DESC', id: 'DESC' },
      take: 1,
    });
    if (!event) return null;
    const since = spawner.lastActivity ?? spawner.started;
    return since && event.created.getTime() < since.getTime() ? null : event.summary;
  }
}
