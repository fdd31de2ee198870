import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import {
  AuthRefresh,
  FormBody,
  HubRequest,
  isUntrustworthyOrigin,
  NavigationOnly,
  PageAuth,
  PageRenderer,
} from '@orrery/api';
import { HubError } from '@orrery/core';
import { SpawnerRegistry, SpawnOrchestrator } from '@orrery/spawn';
import type { FastifyReply } from 'fastify';
import { ServerPages, ServerSlot } from './server-pages.service';

/** How long a page waits on a new start before showing progress: immediate errors surface. */
const SPAWN_PAGE_WAIT_SECONDS = 1;
const RESERVED_QUERY_KEYS = new Set(['next', 'display_name', '_xsrf']);

/**
 * User options from a spawn URL's query (JupyterHub 6): `opt-<key>=v` becomes `{key: [v]}`;
 * without any `opt-` key the plain keys are taken, as older JupyterHub did. null: none given.
 */
export function optionsFromQuery(search: string): Record<string, string[]> | null {
  const query = new URLSearchParams(search);
  const prefixed = [...query.keys()].some((key) => key.startsWith('opt-'));
  const options: Record<string, string[]> = {};
  for (const [key, value] of query) {
    if (prefixed ? !key.startsWith('opt-') : RESERVED_QUERY_KEYS.has(key)) continue;
    const name = prefixed ? key.slice('opt-'.length) : key;
    if (!name) throw new HubError(422, `Invalid user-option name ${key}`);
    (options[name] ??= []).push(value);
  }
  return Object.keys(options).length ? options : null;
}

/**
 * `/hub/spawn[/<user>[/<server>]]`: starts a server for a person (JupyterHub's SpawnHandler).
 * A running server sends them on; with an options form (`Spawner.options_form`, else the
 * spawner's own, e.g. DockerSpawner's image choice) they choose options first; a start goes
 * to the spawn-pending page, which follows its progress.
 */
@Controller()
export class SpawnController {
  constructor(
    @Inject(PageRenderer) private readonly renderer: PageRenderer,
    @Inject(ServerPages) private readonly pages: ServerPages,
    @Inject(SpawnOrchestrator) private readonly orchestrator: SpawnOrchestrator,
    @Inject(AuthRefresh) private readonly refresh: AuthRefresh,
    @Inject(SpawnerRegistry) private readonly spawners: SpawnerRegistry,
  ) {}

  @Get(['spawn', 'spawn/:user_name', 'spawn/:user_name/:server_name'])
  @PageAuth()
  @NavigationOnly()
  async show(
    @Req() request: HubRequest,
    @Res() reply: FastifyReply,
    @Param('user_name') userName?: string,
    @Param('server_name') serverName?: string,
  ): Promise<void> {
    const slot = await this.slotOf(request, userName, serverName);
    const next = this.pages.requestedNext(request);
    const state = this.pages.state(slot.spawner);
    if (state === 'ready') return void reply.redirect(next || this.serverUrl(slot), 302);
    if (state === 'spawn' || state === 'stop') return this.toPending(reply, slot, next);
    const search = request.url.split('?')[1] ?? '';
    const options = optionsFromQuery(search);
    if (this.mayBeSubresource(request)) return this.autoSubmit(request, reply, slot, options);
    const optionsForm = this.spawners.optionsForm();
    if (!options && optionsForm) {
      const html = this.renderer.render(
        'spawn',
        {
          for_user: slot.user.name,
          server_name: slot.serverName,
          options_form: optionsForm,
          action: request.url,
        },
        request,
      );
      return void reply.status(200).type('text/html; charset=utf-8').send(html);
    }
    await this.start(request, slot, options);
    this.toPending(reply, slot, next);
  }

  @Post(['spawn', 'spawn/:user_name', 'spawn/:user_name/:server_name'])
  @PageAuth()
  @NavigationOnly()
  async submit(
    @Req() request: HubRequest,
    @Res() reply: FastifyReply,
    @Body() form: FormBody | undefined,
    @Param('user_name') userName?: string,
    @Param('server_name') serverName?: string,
  ): Promise<void> {
    const slot = await this.slotOf(request, userName, serverName);
    const next = this.pages.requestedNext(request);
    const state = this.pages.state(slot.spawner);
    if (state === 'ready') return void reply.redirect(next || this.serverUrl(slot), 302);
    if (state !== 'spawn' && state !== 'stop') {
      const { _xsrf: _ignored, ...options } = form ?? {};
      await this.start(request, slot, options);
    }
    this.toPending(reply, slot, next);
  }

  /**
   * With subdomain_host every user's host is same-site with the hub, so SameSite=Lax cookies go
   * with an image, frame or fetch() of GET /hub/spawn from a user's page; without it a user's
   * page shares the hub's origin. A browser that sends no Fetch Metadata (Chromium over plain
   * HTTP on a name other than localhost) leaves NavigationOnly nothing to tell them from a
   * navigation by: with subdomain_host, or on such an origin, JupyterHub starts the server on
   * that GET; here such a GET only gets a form that posts itself (with the XSRF token), which
   * runs in a top-level page and nowhere else (frames are refused by X-Frame-Options).
   */
  private mayBeSubresource(request: HubRequest): boolean {
    if (request.headers['sec-fetch-dest'] !== undefined) return false;
    return this.pages.subdomain !== null || isUntrustworthyOrigin(request);
  }

  private autoSubmit(
    request: HubRequest,
    reply: FastifyReply,
    slot: ServerSlot,
    options: Record<string, string[]> | null,
  ): void {
    const hidden = Object.entries(options ?? {}).flatMap(([name, values]) =>
      values.map((value) => ({ name, value })),
    );
    const html = this.renderer.render(
      'spawn',
      {
        for_user: slot.user.name,
        server_name: slot.serverName,
        options_form: '',
        hidden_options: hidden,
        auto_submit: true,
        action: request.url,
      },
      request,
    );
    void reply.status(200).type('text/html; charset=utf-8').send(html);
  }

  private slotOf(request: HubRequest, userName?: string, serverName?: string): Promise<ServerSlot> {
    const self = request.hubAuth?.kind === 'user' ? request.hubAuth.name : '';
    // JupyterHub 6 asks the pages for `servers`, where the REST API asks for `start:servers`
    return this.pages.slot(request, 'servers', userName ?? self, serverName ?? '');
  }

  private serverUrl(slot: ServerSlot): string {
    return this.pages.serverUrl(slot.user.name, slot.serverName);
  }

  private async start(
    request: HubRequest,
    slot: ServerSlot,
    options: Record<string, string[]> | null,
  ): Promise<void> {
    const displayName = new URLSearchParams(request.url.split('?')[1] ?? '').get('display_name');
    await this.pages.checkNamedStart(slot, displayName || slot.serverName);
    await this.refresh.beforeSpawn(slot.user);
    await this.orchestrator.start(
      slot.user,
      slot.serverName,
      { userOptions: options, displayName: slot.serverName ? displayName : null },
      SPAWN_PAGE_WAIT_SECONDS,
    );
  }

  private toPending(reply: FastifyReply, slot: ServerSlot, next: string): void {
    const pending = this.pages.pageUrl('spawn-pending', slot.user.name, slot.serverName);
    void reply.redirect(this.pages.withNext(pending, next), 302);
  }
}
