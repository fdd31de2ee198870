import { Inject, Injectable } from '@nestjs/common';
import { HubConfig, serverRoutespec, subdomainHostOf } from '@orrery/core';
import { ServerRoutes } from '@orrery/spawn';
import { serverPrefix } from '@orrery/api';
import { HubProxyService } from './hub-proxy.service';

/** The spawn orchestrator's routes, with the routespec and data of WantedRoutesService. */
@Injectable()
export class HubServerRoutes extends ServerRoutes {
  constructor(
    @Inject(HubProxyService) private readonly proxy: HubProxyService,
    @Inject(HubConfig) private readonly config: HubConfig,
  ) {
    super();
  }

  private routespec(user: string, server: string): string {
    const baseUrl = this.config.JupyterHub.base_url;
    const prefix = serverPrefix({ baseUrl, hubPrefix: `${baseUrl}hub/` }, user, server);
    return serverRoutespec(
      subdomainHostOf(this.config.JupyterHub.subdomain_host),
      user,
      'user',
      prefix,
    );
  }

  async add(user: string, server: string, target: string): Promise<void> {
    await this.proxy.addRoute(this.routespec(user, server), target, { user, server_name: server });
  }

  async remove(user: string, server: string): Promise<void> {
    await this.proxy.deleteRoute(this.routespec(user, server));
  }
}
