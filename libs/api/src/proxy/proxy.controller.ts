import { Body, Controller, Get, HttpCode, Inject, Patch, Post, Req } from '@nestjs/common';
import { HubConfig, HubError } from '@orrery/core';
import { NeedsScope } from '../auth/needs-scope.decorator';
import { HubRequest } from '../auth/auth-context';
import { pageRequest, paginate } from '../http/pagination';
import { HubProxy } from './hub-proxy.port';

/** JupyterHub's messages (apihandlers/proxy.py). */
export const PROXY_PATCH_NEEDS_BODY = 'need JSON body';
export const PROXY_PATCH_NOT_DICT = 'Request body must be JSON dict';

/** `/hub/api/proxy`: the hub's routes as the proxy has them, and forcing a sync. */
@Controller('api/proxy')
export class ProxyController {
  constructor(
    @Inject(HubProxy) private readonly proxy: HubProxy,
    @Inject(HubConfig) private readonly config: HubConfig,
  ) {}

  /** Only the hub's own routes; `jupyterhub` and `target` are not repeated inside `data`. */
  @Get()
  @NeedsScope('proxy')
  async routes(@Req() request: HubRequest): Promise<unknown> {
    const page = pageRequest(request, {
      defaultLimit: this.config.JupyterHub.api_page_default_limit,
      maxLimit: this.config.JupyterHub.api_page_max_limit,
    });
    const hubRoutes = Object.values(await this.proxy.routes())
      .filter((route) => route.data.jupyterhub === true)
      .sort((a, b) => a.routespec.localeCompare(b.routespec))
      .map((route) => {
        const { jupyterhub: _jupyterhub, target: _target, ...data } = route.data;
        return { routespec: route.routespec, target: route.target, data };
      });
    const slice = hubRoutes.slice(page.offset, page.offset + page.limit);
    const items = Object.fromEntries(slice.map((route) => [route.routespec, route]));
    return paginate(request, page, items, hubRoutes.length);
  }

  @Post()
  @HttpCode(200)
  @NeedsScope('proxy')
  async sync(): Promise<void> {
    await this.proxy.checkRoutes();
  }

  /**
   * Tell the hub about a new proxy (`api_url`, `auth_token`), then sync routes to it. As
   * JupyterHub's ProxyAPIHandler.patch, a body is required (`{}` only syncs); unlike it, the
   * values must be strings, since a number as api_url would only break the next sync.
   */
  @Patch()
  @HttpCode(200)
  @NeedsScope('proxy')
  async replace(@Body() body: unknown): Promise<void> {
    if (body === undefined) throw new HubError(400, PROXY_PATCH_NEEDS_BODY);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new HubError(400, PROXY_PATCH_NOT_DICT);
    }
    const { api_url: apiUrl, auth_token: authToken } = body as Record<string, unknown>;
    if (apiUrl !== undefined && typeof apiUrl !== 'string')
      throw new HubError(400, 'api_url must be a string');
    if (authToken !== undefined && typeof authToken !== 'string')
      throw new HubError(400, 'auth_token must be a string');
    if (apiUrl !== undefined) this.proxy.useExternal(apiUrl, authToken);
    await this.proxy.checkRoutes();
  }
}
