import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { HubRequest, NavigationOnly, PageAuth, PageRenderer } from '@orrery/api';
import type { FastifyReply } from 'fastify';
import { ServerPages } from './server-pages.service';

/**
 * `/hub/spawn-pending/<user>[/<server>]`: never starts anything. A ready server sends the browser
 * on; a start in flight shows the live progress bar (the page follows the progress event
 * stream); a failed start shows why; a stopped server offers a start.
 */
@Controller()
export class SpawnPendingController {
  constructor(
    @Inject(PageRenderer) private readonly renderer: PageRenderer,
    @Inject(ServerPages) private readonly pages: ServerPages,
  ) {}

  @Get(['spawn-pending/:user_name', 'spawn-pending/:user_name/:server_name'])
  @PageAuth()
  @NavigationOnly()
  async show(
    @Req() request: HubRequest,
    @Res() reply: FastifyReply,
    @Param('user_name') userName: string,
    @Param('server_name') serverName = '',
  ): Promise<void> {
    const slot = await this.pages.slot(request, 'servers', userName, serverName);
    const serverUrl = this.pages.serverUrl(slot.user.name, serverName);
    const next = this.pages.requestedNext(request) || serverUrl;
    const state = this.pages.state(slot.spawner);
    if (state === 'ready') return void reply.redirect(next, 302);
    const vars = {
      problem: state === 'spawn' || state === 'stop' ? null : await this.pages.problem(slot),
      for_user: slot.user.name,
      server_name: serverName,
      spawn_url: this.pages.withNext(this.pages.pageUrl('spawn', slot.user.name, serverName), next),
    };
    let status = 200;
    let template = 'not-running';
    let extra: Record<string, unknown> = {};
    if (state === 'spawn' || state === 'stop') {
      template = 'spawn-pending';
      extra = {
        stopping: state === 'stop',
        progress_url: this.pages.progressUrl(userName, serverName),
        server_api_path: this.pages.serverApiPath(userName, serverName),
        home_url: `${this.pages.hubPrefix}home`,
        next,
      };
    } else if (state === 'failed') {
      const failure = this.pages.failure(slot.spawner);
      status = failure?.status ?? 500;
      extra = { failed: true, failed_message: failure?.hubMessage ?? 'Spawn failed' };
    }
    const html = this.renderer.render(template, { ...vars, ...extra }, request);
    void reply.status(status).type('text/html; charset=utf-8').send(html);
  }
}
