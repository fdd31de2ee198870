import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import {
  HubRequest,
  NavigationOnly,
  PageAuth,
  PageRenderer,
  UserModelService,
  UsersService,
} from '@orrery/api';
import { HubConfig, HubError } from '@orrery/core';
import { ServerEvents, SpawnRecords } from '@orrery/spawn';
import type { FastifyReply } from 'fastify';
import { ServerPages } from '../servers/server-pages.service';

interface ServerView {
  name: string;
  ready: boolean;
  pending: string | null;
  url: string;
  last_activity: string | null;
  /** why it last failed or was culled, in the owner's words */
  problem?: string | null;
}

/** A server as the home page shows it: where to start it and where to watch it start. */
interface ServerLinks extends ServerView {
  spawn_url: string;
  pending_url: string;
}

/** `/hub/home` and `/hub/token`: the user's control panel and token page. */
@Controller()
export class HomeController {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(PageRenderer) private readonly renderer: PageRenderer,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(UserModelService) private readonly models: UserModelService,
    @Inject(ServerPages) private readonly pages: ServerPages,
    @Inject(SpawnRecords) private readonly records: SpawnRecords,
    @Inject(ServerEvents) private readonly events: ServerEvents,
  ) {}

  @Get('home')
  @PageAuth()
  @NavigationOnly()
  async home(@Req() request: HubRequest, @Res() reply: FastifyReply): Promise<void> {
    const user = await this.users.findByName(this.userName(request));
    if (!user) throw new HubError(403);
    const [model] = await this.models.fullModels([user], { includeStoppedServers: true });
    const views = Object.values((model.servers ?? {}) as Record<string, ServerView>);
    const stopped: ServerView = {
      name: '',
      ready: false,
      pending: null,
      url: '',
      last_activity: null,
    };
    if (!views.some((server) => server.name === '')) views.push(stopped);
    for (const server of views) {
      if (server.ready || server.pending) continue;
      const spawner = await this.records.findSpawner(user.id, server.name);
      server.problem = await this.events.lastProblem(user.name, spawner);
    }
    // as JupyterHub's home: starting goes through the spawn page (and its options form)
    const withLinks = (server: ServerView): ServerLinks => ({
      ...server,
      spawn_url: this.pages.pageUrl('spawn', user.name, server.name),
      pending_url: this.pages.pageUrl('spawn-pending', user.name, server.name),
    });
    const servers = views.map(withLinks);
    this.send(request, reply, 'home', {
      default_server: servers.find((server) => server.name === ''),
      named_servers: servers.filter((server) => server.name !== ''),
      allow_named_servers: this.config.JupyterHub.allow_named_servers,
      named_server_limit: this.config.JupyterHub.named_server_limit_per_user,
    });
  }

  @Get('token')
  @PageAuth()
  @NavigationOnly()
  token(@Req() request: HubRequest, @Res() reply: FastifyReply): void {
    this.userName(request);
    this.send(request, reply, 'token', {});
  }

  /** These pages belong to users; a service's token has no control panel. */
  private userName(request: HubRequest): string {
    const auth = request.hubAuth;
    if (auth?.kind !== 'user') throw new HubError(403);
    return auth.name;
  }

  private send(
    request: HubRequest,
    reply: FastifyReply,
    name: string,
    vars: Record<string, unknown>,
  ): void {
    const html = this.renderer.render(name, vars, request);
    void reply.status(200).type('text/html; charset=utf-8').send(html);
  }
}
