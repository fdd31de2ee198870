import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import { HubRequest, NavigationOnly, PageAuth, PageRenderer } from '@orrery/api';
import { AuthenticatorRegistry } from '@orrery/auth';
import { HubConfig, HubError } from '@orrery/core';
import type { FastifyReply } from 'fastify';
import { loginInput } from '../login/login-form';

export const PASSWORD_CHANGED = 'Your password has been changed successfully!';

/** `/hub/auth/change-password`, for authenticators that keep passwords (first-use). */
@Controller('auth')
export class ChangePasswordController {
  constructor(
    @Inject(AuthenticatorRegistry) private readonly registry: AuthenticatorRegistry,
    @Inject(PageRenderer) private readonly renderer: PageRenderer,
    @Inject(HubConfig) private readonly config: HubConfig,
  ) {}

  @Get('change-password')
  @PageAuth()
  @NavigationOnly()
  form(@Req() request: HubRequest, @Res() reply: FastifyReply): void {
    this.userId(request);
    this.send(request, reply, {});
  }

  @Post('change-password')
  @PageAuth()
  @NavigationOnly()
  async change(
    @Req() request: HubRequest,
    @Res() reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<void> {
    const userId = this.userId(request);
    const { authenticator } = this.registry;
    if (!authenticator.changePassword) throw new HubError(404);
    const problem = await authenticator.changePassword(userId, loginInput(body).password);
    this.send(request, reply, {
      success: problem === null,
      result_message: problem ?? PASSWORD_CHANGED,
    });
  }

  private userId(request: HubRequest): number {
    if (!this.registry.authenticator.changePassword) throw new HubError(404);
    const auth = request.hubAuth;
    if (auth?.kind !== 'user') throw new HubError(403);
    return auth.id;
  }

  private send(request: HubRequest, reply: FastifyReply, vars: Record<string, unknown>): void {
    const html = this.renderer.render(
      'change-password',
      { ...vars, min_password_length: this.config.FirstUseAuthenticator.min_password_length },
      request,
    );
    void reply.status(200).type('text/html; charset=utf-8').send(html);
  }
}
