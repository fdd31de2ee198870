import { Controller, Get, HttpCode, Inject, Req, Res } from '@nestjs/common';
import { HubRequest, PageAuth, PublicPage } from '@orrery/api';
import type { FastifyReply } from 'fastify';
import { LandingService } from '../login/landing.service';

/** `/hub/` and the health checks (JupyterHub's RootHandler and HealthCheckHandler). */
@Controller()
export class RootController {
  constructor(@Inject(LandingService) private readonly landing: LandingService) {}

  /**
   * `/hub` gains its slash (301, as tornado's addslash); `/hub/` sends a logged-in user to the
   * landing page, anyone else to the login page (by PageAuth).
   */
  @Get()
  @PageAuth()
  async root(@Req() request: HubRequest, @Res() reply: FastifyReply): Promise<void> {
    const [path, query] = request.url.split(/\?(.*)/s);
    if (!path.endsWith('/')) {
      void reply.redirect(`${path}/${query === undefined ? '' : `?${query}`}`, 301);
      return;
    }
    void reply.redirect(await this.landing.defaultUrl(request.hubAuth?.name ?? ''), 302);
  }

  /** Fastify answers HEAD from the GET route. */
  @Get(['health', 'api/health'])
  @PublicPage()
  @HttpCode(200)
  health(): void {}
}
