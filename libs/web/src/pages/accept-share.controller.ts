import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import {
  HubRequest,
  NavigationOnly,
  PageAuth,
  PageRenderer,
  ShareCodeExchange,
  UsersService,
} from '@orrery/api';
import { HubError } from '@orrery/core';
import type { FastifyReply } from 'fastify';
import { ServerPages } from '../servers/server-pages.service';

/**
 * `/hub/accept-share` (JupyterHub 5's AcceptShareHandler): GET `?code=` shows whose server the
 * code opens and asks to accept; the POST of that form redeems the code and goes to the server
 * (or a `next` on this hub).
 */
@Controller()
export class AcceptShareController {
  constructor(
    @Inject(ShareCodeExchange) private readonly exchange: ShareCodeExchange,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(PageRenderer) private readonly renderer: PageRenderer,
    @Inject(ServerPages) private readonly pages: ServerPages,
  ) {}

  @Get('accept-share')
  @PageAuth()
  @NavigationOnly()
  async show(@Req() request: HubRequest, @Res() reply: FastifyReply): Promise<void> {
    const me = await this.recipient(request);
    const code = this.query(request).get('code') ?? '';
    const invitation = await this.exchange.invitation(code, me);
    const html = this.renderer.render(
      'accept-share',
      {
        code,
        owner: invitation.owner,
        server_name: invitation.server,
        scopes: invitation.scopes,
        next: this.pages.requestedNext(request),
      },
      request,
    );
    void reply.type('text/html; charset=utf-8').send(html);
  }

  @Post('accept-share')
  @PageAuth()
  @NavigationOnly()
  async accept(
    @Req() request: HubRequest,
    @Res() reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<void> {
    const me = await this.recipient(request);
    // a form field holds its values in order; tornado's get_argument takes the last
    const field = ((body ?? {}) as Record<string, unknown>).code;
    const posted = Array.isArray(field) ? field[field.length - 1] : field;
    const code = typeof posted === 'string' ? posted : (this.query(request).get('code') ?? '');
    const invitation = await this.exchange.exchange(code, me);
    const next =
      this.pages.requestedNext(request) ||
      this.pages.serverUrl(invitation.owner, invitation.server);
    void reply.redirect(next, 302);
  }

  private async recipient(request: HubRequest): Promise<number> {
    const auth = request.hubAuth;
    if (auth?.kind !== 'user') throw new HubError(403);
    const user = await this.users.findByName(auth.name);
    if (!user) throw new HubError(403);
    return user.id;
  }

  private query(request: HubRequest): URLSearchParams {
    return new URLSearchParams(request.url.split('?')[1] ?? '');
  }
}
