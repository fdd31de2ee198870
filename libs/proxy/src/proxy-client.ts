/**
 * The hub's view of a proxy (DESIGN.md "Contracts"), in JupyterHub's terms: routespecs with a
 * trailing slash (`/user/alice/`), targets `proto://host:port`, and route data. Implemented by
 * `InProcessProxyClient` (the embedded ProxyServer) and `ChpProxyClient` (CHP REST API).
 */
export interface Route {
  routespec: string;
  target: string;
  /** Everything the route was added with except `target`, plus the proxy's `last_activity`. */
  data: Record<string, unknown>;
}

export interface ProxyClient {
  /** Adds or replaces a route; the proxy stores `data` with `jupyterhub: true`. */
  addRoute(routespec: string, target: string, data: Record<string, unknown>): Promise<void>;
  /** Removes a route; removing an absent route is not an error. */
  deleteRoute(routespec: string): Promise<void>;
  /** Every route of the proxy, foreign ones included, keyed by routespec. */
  getRoutes(): Promise<Record<string, Route>>;
}

/** Splits a CHP route object (`{target, ...data}`) into the hub's Route. */
export function routeFromChp(routespec: string, chpRoute: Record<string, unknown>): Route {
  const { target, ...data } = chpRoute;
  return { routespec, target: String(target), data };
}
