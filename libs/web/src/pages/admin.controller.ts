import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { HubRequest, NavigationOnly, PageAuth, PageRenderer } from '@orrery/api';
import { HubConfig } from '@orrery/core';
import type { FastifyReply } from 'fastify';

/**
 * `/hub/admin`: JupyterHub's AdminHandler, gated by `admin-ui`. The page is a shell; its script
 * reads every table through the REST API one page at a time, so its cost does not grow with the
 * number of users.
 */
@Controller()
export class AdminController {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(PageRenderer) private readonly renderer: PageRenderer,
  ) {}

  @Get('admin')
  @PageAuth('admin-ui')
  @NavigationOnly()
  admin(@Req() request: HubRequest, @Res() reply: FastifyReply): void {
    const html = this.renderer.render(
      'admin',
      {
        allow_named_servers: this.config.JupyterHub.allow_named_servers,
        named_server_limit: this.config.JupyterHub.named_server_limit_per_user,
      },
      request,
    );
    void reply.status(200).type('text/html; charset=utf-8').send(html);
  }
}
