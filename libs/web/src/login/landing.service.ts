import { Inject, Injectable } from '@nestjs/common';
import { browserProtocol, LoginSessionService } from '@orrery/api';
import { HubConfig } from '@orrery/core';
import { SpawnRecords } from '@orrery/spawn';
import type { FastifyRequest } from 'fastify';
import { ServerPages } from '../servers/server-pages.service';
import { validateNextUrl } from './next-url';

/**
 * Where a browser goes after login (JupyterHub's get_next_url): a valid `?next=`, else the
 * landing page, with the request's other query parameters carried along.
 */
@Injectable()
export class LandingService {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(LoginSessionService) private readonly session: LoginSessionService,
    @Inject(SpawnRecords) private readonly records: SpawnRecords,
    @Inject(ServerPages) private readonly pages: ServerPages,
  ) {}

  /**
   * The landing page of a logged-in user: with `redirect_to_server` their default server if it
   * is active, else the spawn page (which starts it); without it the home page.
   */
  async defaultUrl(userName: string): Promise<string> {
    const home = `${this.session.hubPrefix}home`;
    if (!this.config.JupyterHub.redirect_to_server) return home;
    const user = await this.records.findUser(userName);
    if (!user) return home;
    const state = this.pages.state(await this.records.findSpawner(user.id, ''));
    return state === 'ready' || state === 'spawn'
      ? this.pages.serverUrl(userName, '')
      : `${this.session.hubPrefix}spawn`;
  }

  /**
   * After a login through an authenticator route: the `next` it carried through the identity
   * provider (checked like `?next=`), else as for the login form.
   */
  async afterLogin(
    request: FastifyRequest,
    userName: string,
    next: string | null,
  ): Promise<string> {
    const host = request.headers.host ?? '';
    const valid =
      next && validateNextUrl(next, browserProtocol(request), host, this.pages.subdomain);
    return valid || this.nextUrl(request, userName);
  }

  async nextUrl(request: FastifyRequest, userName: string): Promise<string> {
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    const host = request.headers.host ?? '';
    const next = validateNextUrl(
      query.get('next') ?? '',
      browserProtocol(request),
      host,
      this.pages.subdomain,
    );
    if (next) return next;
    query.delete('next');
    query.delete('_xsrf');
    const rest = query.toString();
    const landing = await this.defaultUrl(userName);
    return rest ? `${landing}?${rest}` : landing;
  }
}
