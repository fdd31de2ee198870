import type { Route } from './proxy-client';

export interface WantedRoute {
  routespec: string;
  target: string;
  data: Record<string, unknown>;
}

export interface RouteSyncPlan {
  add: WantedRoute[];
  remove: string[];
}

/**
 * JupyterHub's `check_routes` as a pure plan: add every wanted route that is missing, points
 * at another target or carries other data; remove every jupyterhub route that is not wanted.
 * Routes without `data.jupyterhub` belong to someone else and are never removed (a wanted
 * route on the same routespec replaces one, as JupyterHub does). `keep` lists routespecs to
 * leave alone whatever their state, e.g. those of servers still starting or stopping.
 */
export function planRouteSync(
  current: Record<string, Route>,
  wanted: WantedRoute[],
  keep: Iterable<string> = [],
): RouteSyncPlan {
  const good = new Set(keep);
  const add: WantedRoute[] = [];
  for (const route of wanted) {
    good.add(route.routespec);
    const existing = current[route.routespec];
    if (existing === undefined || !isHubRoute(existing) || !sameRoute(existing, route))
      add.push(route);
  }
  const remove = Object.values(current)
    .filter((route) => isHubRoute(route) && !good.has(route.routespec))
    .map((route) => route.routespec);
  return { add, remove };
}

function isHubRoute(route: Route): boolean {
  return route.data.jupyterhub === true;
}

/** Same target, and every wanted data key already has the wanted value. */
function sameRoute(existing: Route, wanted: WantedRoute): boolean {
  if (existing.target !== wanted.target) return false;
  return Object.entries(wanted.data).every(([key, value]) => sameValue(existing.data[key], value));
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
