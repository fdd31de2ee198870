/**
 * The proxy routes of servers, as the spawn orchestrator needs them. libs/api provides it from
 * the hub's proxy, with the same routespec, target and data as its check_routes.
 */
export abstract class ServerRoutes {
  abstract add(user: string, server: string, target: string): Promise<void>;
  abstract remove(user: string, server: string): Promise<void>;
}
