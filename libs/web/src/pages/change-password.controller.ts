import { Body, Controller, Get, Inject, Logger, Post, Req, Res } from '@nestjs/common';
import {
  AuthCache,
  HubRequest,
  LoginSessionService,
  NavigationOnly,
  PageAuth,
  PageRenderer,
  UsersService,
} from '@orrery/api';
import { AuthenticatorRegistry } from '@orrery/auth';
import { ApiTokenEntity, HubConfig, HubError } from '@orrery/core';
import type { FastifyReply } from 'fastify';
import { DataSource, IsNull, Not } from 'typeorm';
import { loginInput } from '../login/login-form';

export const PASSWORD_CHANGED = 'Your password has been changed successfully!';
export const PASSWORDS_DIFFER = 'The new password and its confirmation differ.';

/** `/hub/auth/change-password`, for authenticators that keep passwords (first-use). */
@Controller('auth')
export class ChangePasswordController {
  private readonly logger = new Logger('login');

  constructor(
    @Inject(AuthenticatorRegistry) private readonly registry: AuthenticatorRegistry,
    @Inject(PageRenderer) private readonly renderer: PageRenderer,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(LoginSessionService) private readonly session: LoginSessionService,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuthCache) private readonly authCache: AuthCache,
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
    const form = loginInput(body);
    const fresh = form.new_password ?? '';
    const problem =
      fresh === (form.new_password_confirmation ?? '')
        ? await authenticator.changePassword(userId, form.current_password ?? '', fresh)
        : PASSWORDS_DIFFER;
    if (problem === null) await this.endOtherLogins(request, reply, userId);
    else this.logRefusal(request, problem);
    this.send(request, reply, {
      success: problem === null,
      result_message: problem ?? PASSWORD_CHANGED,
    });
  }

  /**
   * Whoever knew the old password may be logged in elsewhere: a new cookie_id refuses every
   * other login cookie and the OAuth tokens of other browser sessions go; this browser gets a
   * login cookie for the new cookie_id and keeps its session.
   */
  private async endOtherLogins(
    request: HubRequest,
    reply: FastifyReply,
    userId: number,
  ): Promise<void> {
    const cookieId = await this.users.rotateCookieId(userId);
    const sessionId = this.session.sessionId(request);
    await this.dataSource.getRepository(ApiTokenEntity).delete({
      userId,
      sessionId: sessionId === null ? Not(IsNull()) : Not(sessionId),
    });
    this.authCache.invalidate();
    this.session.setLoginCookies(request, reply, { cookieId });
  }

  /** One greppable line per refused change, like failed logins: a wrong current password may be a guess. */
  private logRefusal(request: HubRequest, reason: string): void {
    this.logger.warn(
      `password change refused user=${JSON.stringify(request.hubAuth?.name ?? '')} ip=${request.ip} reason=${JSON.stringify(reason)}`,
    );
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
