import { Controller, Get, Inject, OnModuleInit, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HubProxy, HubRequest, PageAuth, PageRenderer, PublicPage } from '@orrery/api';
import { HubConfig, HubError } from '@orrery/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { ServerPages, ServerSlot } from './server-pages.service';

/** Redirects back to a ready server before JupyterHub calls it a loop (`user_redirect_limit`). */
const USER_REDIRECT_LIMIT = 4;

interface UserPath {
  user: string;
  /** the path under `/user/<name>/`, undecoded, without the query */
  rest: string;
  query: URLSearchParams;
}

/** `/hub/user/<name>/<rest>?<query>` split; null when the path names no user. */
export function parseUserPath(url: string, hubPrefix: string): UserPath | null {
  const [path, search = ''] = url.split(/\?(.*)/s);
  const match = new RegExp(`^${hubPrefix}user/([^/]+)/?(.*)$`).exec(path);
  if (!match) return null;
  return { user: decodeURIComponent(match[1]), rest: match[2], query: new URLSearchParams(search) };
}

/** True when a client wants JSON more than HTML (JupyterHub's `_wants_json`-like test). */
function wantsJson(accept: string | undefined): boolean {
  const types = (accept ?? '').split(',').map((part) => part.split(';')[0].trim());
  const json = types.indexOf('application/json');
  const html = types.indexOf('text/html');
  return json !== -1 && (html === -1 || json < html);
}

/** JupyterHub's words for another user's server, or one that does not exist. */
export const NO_ACCESS = 'No access to resources or resources not found';

/**
 * `/hub/user/<name>/...` (JupyterHub's UserUrlHandler), where the proxy's default route sends
 * requests for a server that has no route: a ready server gets the browser back (with a
 * loop guard), a starting one the spawn-pending page, a stopped one JupyterHub's 424 "not
 * running" answer (JSON for APIs, a page with a start link for people).
 * `/hub/user-redirect/<path>` sends a person to the same path on their own server.
 */
@Controller()
export class UserUrlController implements OnModuleInit {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(PageRenderer) private readonly renderer: PageRenderer,
    @Inject(ServerPages) private readonly pages: ServerPages,
    @Inject(HubProxy) private readonly proxy: HubProxy,
    @Inject(HttpAdapterHost) private readonly adapter: HttpAdapterHost,
  ) {}

  /**
   * Any other method on `/hub/user/...` is a script still talking to a stopped server: it
   * always gets the 424, before authentication or XSRF checks, which would only hide that
   * answer behind a 403 (the script carries the server's XSRF token, not the hub's).
   */
  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    fastify.route({
      method: ['POST', 'PUT', 'PATCH', 'DELETE'],
      url: `${this.pages.hubPrefix}user/*`,
      handler: async (request, reply) => {
        const parsed = parseUserPath(request.url, this.pages.hubPrefix);
        if (!parsed) return reply.callNotFound();
        this.notRunningJson(reply, parsed.user, this.originalUri(parsed));
      },
    });
  }

  @Get(['user-redirect', 'user-redirect/*'])
  @PageAuth()
  userRedirect(@Req() request: HubRequest, @Res() reply: FastifyReply): void {
    const me = request.hubAuth?.kind === 'user' ? request.hubAuth.name : null;
    if (!me) throw new HubError(403);
    const [path, search] = request.url.split(/\?(.*)/s);
    const rest = path.slice(`${this.pages.hubPrefix}user-redirect`.length).replace(/^\//, '');
    const target = `${this.pages.serverUrl(me, '')}${rest}${search === undefined ? '' : `?${search}`}`;
    void reply.redirect(this.pages.withNext(this.pages.pageUrl('spawn', me, ''), target), 302);
  }

  @Get(['user/:user_name', 'user/:user_name/*'])
  @PublicPage()
  async userUrl(@Req() request: HubRequest, @Res() reply: FastifyReply): Promise<void> {
    const parsed = parseUserPath(request.url, this.pages.hubPrefix);
    if (!parsed) throw new HubError(404);
    const original = this.originalUri(parsed);
    if (!request.hubAuth) {
      const login = `${this.pages.hubPrefix}login?next=${encodeURIComponent(request.url)}`;
      return void reply.redirect(login, 302);
    }
    const slot = await this.slotOf(request, parsed);
    const state = this.pages.state(slot.spawner);
    if (state === 'ready') return this.backToServer(reply, parsed, original);
    if (state === 'spawn' || state === 'stop' || state === 'failed') {
      const pending = this.pages.pageUrl('spawn-pending', slot.user.name, slot.serverName);
      return void reply.redirect(this.pages.withNext(pending, original), 303);
    }
    if (wantsJson(request.headers.accept) || parsed.rest.split('/').includes('api')) {
      return this.notRunningJson(reply, parsed.user, original);
    }
    const spawn = this.pages.pageUrl('spawn', slot.user.name, slot.serverName);
    const html = this.renderer.render(
      'not-running',
      {
        for_user: slot.user.name,
        server_name: slot.serverName,
        spawn_url: this.pages.withNext(spawn, original),
      },
      request,
    );
    void reply.status(424).type('text/html; charset=utf-8').send(html);
  }

  /** The default server, or the named server the first path segment names if it exists. */
  private async slotOf(request: HubRequest, parsed: UserPath): Promise<ServerSlot> {
    const first = decodeURIComponent(parsed.rest.split('/')[0] ?? '');
    if (first && this.config.JupyterHub.allow_named_servers) {
      try {
        const named = await this.pages.slot(request, 'access:servers', parsed.user, first);
        if (named.spawner) return named;
      } catch (error) {
        // no access to a server of that name: it may just be a path on the default server
        if (!(error instanceof HubError)) throw error;
      }
    }
    return this.pages.slot(request, 'access:servers', parsed.user, '').catch((error) => {
      // JupyterHub hides servers the caller may not access behind a 404 that says so
      if (!(error instanceof HubError) || ![403, 404].includes(error.status)) throw error;
      throw new HubError(404, NO_ACCESS);
    });
  }

  private originalUri(parsed: UserPath): string {
    const query = new URLSearchParams(parsed.query);
    query.delete('redirects');
    const search = query.toString();
    const path = `${this.config.JupyterHub.base_url}user/${encodeURIComponent(parsed.user)}/${parsed.rest}`;
    return search ? `${path}?${search}` : path;
  }

  /**
   * The server is ready but the proxy sent the request here: its route is missing or stale.
   * Routes are checked, then the browser tries again, a little later each time.
   */
  private async backToServer(reply: FastifyReply, parsed: UserPath, original: string) {
    const redirects = Number(parsed.query.get('redirects') ?? '0') || 0;
    if (redirects >= USER_REDIRECT_LIMIT) throw new HubError(500, 'Redirect loop detected.');
    await this.proxy.checkRoutes();
    if (redirects) await sleep(Math.min(2 ** redirects, 10) * 1000);
    const [path, search = ''] = original.split(/\?(.*)/s);
    const query = new URLSearchParams(search);
    query.set('redirects', String(redirects + 1));
    // with subdomain_host the server's route is on its own host (JupyterHub's `user.host + target`)
    void reply.redirect(`${this.pages.userOrigin(parsed.user)}${path}?${query.toString()}`, 302);
  }

  private notRunningJson(reply: FastifyReply, user: string, original: string): void {
    const spawn = this.pages.pageUrl('spawn', user, '');
    const message =
      `JupyterHub server no longer running at ${original}. ` +
      `Restart the server at ${this.pages.withNext(spawn, original)}`;
    void reply
      .status(424)
      .type('application/json')
      .send(JSON.stringify({ status: 424, message }));
  }
}
