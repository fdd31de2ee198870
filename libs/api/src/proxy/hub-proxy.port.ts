import type { Route } from '@orrery/proxy';

/**
 * What the API and the pages ask of the running proxy; `@orrery/runtime`'s HubProxyService
 * provides it, so the HTTP edge never depends on how the proxy is launched or reached.
 */
export abstract class HubProxy {
  /** the routes as the proxy has them */
  abstract routes(): Promise<Record<string, Route>>;
  /** check_routes: add what is missing, remove what is stale */
  abstract checkRoutes(): Promise<void>;
  /** the routes of every server again, e.g. after a rename */
  abstract syncRoutes(): Promise<void>;
  /** switch to another external proxy (`PATCH /hub/api/proxy`) */
  abstract useExternal(apiUrl: string, authToken: string | null | undefined): void;
}
