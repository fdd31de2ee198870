import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { LoginSessionService, PageAuth, PublicPage } from '@orrery/api';
import type { FastifyReply } from 'fastify';

/** `/hub/` and the health checks (JupyterHub's RootHandler and HealthCheckHandler). */
@Controller()
export class RootController {
  constructor(@Inject(LoginSessionService) private readonly session: LoginSessionService) {}

  /** Logged in: the user's landing page; not logged in: the login page (by PageAuth). */
  @Get()
  @PageAuth()
  root(@Res() reply: FastifyReply): void {
    void reply.redirect(`${this.session.hubPrefix}home`, 302);
  }

  /** Fastify answers HEAD from the GET route. */
  @Get(['health', 'api/health'])
  @PublicPage()
  @HttpCode(200)
  health(): void {}
}
