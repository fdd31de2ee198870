import { type ProxyClient, type Route, routeFromChp } from './proxy-client';
import type { ProxyServer } from './proxy-server';
import { routespecFromChpPath, routespecToChpPath } from './routespec';

/** The default: the hub drives a ProxyServer running in its own process, by method call. */
export class InProcessProxyClient implements ProxyClient {
  constructor(
    private readonly server: ProxyServer,
    private readonly hostRouting = false,
  ) {}

  async addRoute(routespec: string, target: string, data: Record<string, unknown>): Promise<void> {
    this.server.addRoute(decodeChpPath(routespecToChpPath(routespec)), {
      ...data,
      target,
      jupyterhub: true,
    });
  }

  async deleteRoute(routespec: string): Promise<void> {
    this.server.removeRoute(decodeChpPath(routespecToChpPath(routespec)));
  }

  async getRoutes(): Promise<Record<string, Route>> {
    const routes: Record<string, Route> = {};
    for (const [path, chpRoute] of Object.entries(this.server.getRoutes())) {
      const routespec = routespecFromChpPath(path, this.hostRouting);
      routes[routespec] = routeFromChp(routespec, chpRoute);
    }
    return routes;
  }
}

/** CHP decodes the API path before storing it; a direct call must do the same. */
function decodeChpPath(path: string): string {
  return decodeURIComponent(path);
}
