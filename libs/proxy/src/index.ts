export { ProxyServer, type ListeningAddresses, type ProxyServerOptions } from './proxy-server';
export {
  consoleLogger,
  LOG_LEVELS,
  silentLogger,
  type LogLevel,
  type ProxyLogger,
} from './proxy-logger';
export type { RouteData } from './route-table';
export { RouteTrie, trimPrefix } from './route-trie';
export type { ProxyClient, Route } from './proxy-client';
export { InProcessProxyClient } from './in-process.proxy-client';
export { ChpProxyClient, ProxyApiError, type ChpProxyClientOptions } from './chp.proxy-client';
export { planRouteSync, type RouteSyncPlan, type WantedRoute } from './route-sync';
export { routespecFromChpPath, routespecToChpPath } from './routespec';
export { REDACTED, redactUrl } from './url-redaction';
export { ProxyProcess, type ProxyProcessOptions } from './proxy-process';
export { raiseFdLimit, type FdLimit } from './fd-limit';
