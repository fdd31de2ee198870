import { Controller, Get, Inject, Query } from '@nestjs/common';
import { isoformat, ServerEventEntity } from '@orrery/core';
import { ServerEventKind, ServerEvents } from '@orrery/spawn';
import { NeedsScope } from '../auth/needs-scope.decorator';
import { HubChecks } from './hub-checks.service';

const KINDS: readonly ServerEventKind[] = ['cull', 'failure'];

/** One event as the admin page reads it, JupyterHub's snake_case. */
function eventModel(event: ServerEventEntity): Record<string, unknown> {
  return {
    id: event.id,
    user: event.userName,
    server: event.serverName,
    kind: event.kind,
    reason: event.reason,
    summary: event.summary,
    details: event.details,
    created: isoformat(event.created),
  };
}

/**
 * Orrery's own API under `hub/api/orrery/` (JupyterHub has none of it), for the admin page:
 * culls and failed servers with their full causes, and the start-up checks' warnings.
 */
@Controller('api/orrery')
export class OrreryApiController {
  constructor(
    @Inject(ServerEvents) private readonly events: ServerEvents,
    @Inject(HubChecks) private readonly checks: HubChecks,
  ) {}

  /** Newest first, at most SERVER_EVENTS_LIMIT; `?user=` and `?kind=cull|failure` narrow it. */
  @Get('server-events')
  @NeedsScope('admin:servers')
  async serverEvents(@Query() query: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const user = typeof query.user === 'string' ? query.user : undefined;
    const kind = KINDS.find((known) => known === query.kind);
    return (await this.events.list({ user, kind })).map(eventModel);
  }

  @Get('hub-checks')
  @NeedsScope('read:hub')
  hubChecks(): { warnings: string[] } {
    return { warnings: this.checks.warnings() };
  }
}
