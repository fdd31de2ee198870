import { Controller, Get, Inject, Param, Req, Res } from '@nestjs/common';
import { HubRequest, PageRenderer, PublicPage } from '@orrery/api';
import { HubError } from '@orrery/core';
import type { FastifyReply } from 'fastify';
import { STATUS_CODES } from 'node:http';

/**
 * `/hub/error/<code>`: the proxy's error target (its `--error-target`); the proxy sends this
 * page's body under its own status. A 503 means the user's server is down.
 */
@Controller('error')
export class ErrorPageController {
  constructor(@Inject(PageRenderer) private readonly renderer: PageRenderer) {}

  @Get(':code')
  @PublicPage()
  page(@Param('code') code: string, @Req() request: HubRequest, @Res() reply: FastifyReply): void {
    if (!/^\d{3}$/.test(code)) throw new HubError(404);
    const status = Number(code);
    const html = this.renderer.render(
      'error',
      {
        status_code: status,
        status_message: STATUS_CODES[status] ?? 'Unknown HTTP Error',
        server_down: status === 503,
      },
      request,
    );
    void reply.status(200).type('text/html; charset=utf-8').send(html);
  }
}
