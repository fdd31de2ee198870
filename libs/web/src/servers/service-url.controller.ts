import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { HubRequest, PageRenderer, PublicPage } from '@orrery/api';
import { HubConfig, HubError } from '@orrery/core';
import type { FastifyReply } from 'fastify';
import { ServiceOnDemand } from './service-on-demand';

/** Redirects back to a running service before the route is taken as missing for good. */
const SERVICE_REDIRECT_LIMIT = 4;

/**
 * `/hub/services/<name>/...`, where a request for a service without a route ends up (the
 * prefix redirect of `/services/<name>/...`). JupyterHub answers 404; an on-demand service
 * (a course's grader) is started here for someone allowed to open it, behind a page that
 * reloads itself until the service answers, then goes back to the path asked for. A failed
 * start shows its reason, and "Try again" starts it again.
 */
@Controller()
export class ServiceUrlController {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(PageRenderer) private readonly renderer: PageRenderer,
    @Inject(ServiceOnDemand) private readonly onDemand: ServiceOnDemand,
  ) {}

  @Get(['services/:service_name', 'services/:service_name/*'])
  @PublicPage()
  async serviceUrl(@Req() request: HubRequest, @Res() reply: FastifyReply): Promise<void> {
    const hubPrefix = `${this.config.JupyterHub.base_url}hub/`;
    const [path, search = ''] = request.url.split(/\?(.*)/s);
    const match = new RegExp(`^${hubPrefix}services/([^/]+)/?(.*)$`).exec(path);
    const name = match ? decodeURIComponent(match[1]) : '';
    if (!match || !(await this.onDemand.handles(name))) throw new HubError(404);
    if (!request.hubAuth) {
      const login = `${hubPrefix}login?next=${encodeURIComponent(request.url)}`;
      return void reply.redirect(login, 302);
    }
    const verdict = request.hubAuth.scopes.check(['access:services'], { kind: 'service', name });
    if (verdict !== 'allowed') throw new HubError(403, `Action requires scope access:services`);
    const query = new URLSearchParams(search);
    const retry = query.has('retry');
    const redirects = Number(query.get('redirects') ?? '0') || 0;
    query.delete('retry');
    query.delete('redirects');
    const at = await this.onDemand.visit(name, retry);
    if (at.state === 'running') {
      if (redirects >= SERVICE_REDIRECT_LIMIT) throw new HubError(500, 'Redirect loop detected.');
      query.set('redirects', String(redirects + 1));
      const target = `${this.config.JupyterHub.base_url}services/${match[1]}/${match[2]}`;
      return void reply.redirect(`${target}?${query.toString()}`, 302);
    }
    const failed = at.state === 'failed';
    const html = this.renderer.render(
      'service-pending',
      {
        service_name: name,
        failed,
        reason: failed ? at.reason : '',
        retry_url: `${path}?${new URLSearchParams([...query, ['retry', '1']]).toString()}`,
      },
      request,
    );
    void reply
      .status(failed ? 503 : 202)
      .type('text/html; charset=utf-8')
      .send(html);
  }
}
