import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** JupyterHub's default spawn buckets (seconds): spawns can take a while. */
const SPAWN_BUCKETS = [0.5, 1, 2.5, 5, 10, 15, 30, 60, 120, 180, 300, 600, Infinity];
const STOP_BUCKETS = [0.5, 1, 2.5, 5, 10, 15, 30, 60, 120, 180, 300, 600, Infinity];

export type OutcomeStatus = 'success' | 'failure';

/**
 * The hub's Prometheus metrics: JupyterHub's names, types and labels (`jupyterhub_*`, as its
 * metrics.py declares them) so existing dashboards work, plus Orrery's own under `orrery_`.
 * One registry per hub instance (not prom-client's global one), so several hubs in one test
 * process count separately.
 */
export class HubMetrics {
  readonly registry = new Registry();

  readonly requestDuration = new Histogram({
    name: 'jupyterhub_request_duration_seconds',
    help: 'Request duration for all HTTP requests',
    labelNames: ['method', 'handler', 'code'],
    registers: [this.registry],
  });

  readonly spawnDuration = new Histogram({
    name: 'jupyterhub_server_spawn_duration_seconds',
    help: 'Time taken for server spawning operation',
    labelNames: ['status', 'reason'],
    buckets: SPAWN_BUCKETS,
    registers: [this.registry],
  });

  readonly stopDuration = new Histogram({
    // JupyterHub's name has no `_duration`
    name: 'jupyterhub_server_stop_seconds',
    help: 'Time taken for server stopping operation',
    labelNames: ['status'],
    buckets: STOP_BUCKETS,
    registers: [this.registry],
  });

  readonly runningServers = new Gauge({
    name: 'jupyterhub_running_servers',
    help: 'The number of user servers currently running',
    registers: [this.registry],
  });

  readonly totalUsers = new Gauge({
    name: 'jupyterhub_total_users',
    help: 'Total number of users',
    registers: [this.registry],
  });

  readonly loginDuration = new Histogram({
    name: 'jupyterhub_login_duration_seconds',
    help: 'Time taken for login',
    labelNames: ['status'],
    registers: [this.registry],
  });

  readonly proxyRequests = new Counter({
    name: 'orrery_proxy_requests_total',
    help: 'Requests the built-in proxy forwarded, by route kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });

  readonly proxyBytes = new Counter({
    name: 'orrery_proxy_bytes_total',
    help: 'Bytes the built-in proxy forwarded, by direction',
    labelNames: ['direction'],
    registers: [this.registry],
  });

  /** Prometheus text exposition format, version 0.0.4. */
  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}

/** Seconds since `startMs` (a `performance.now()` reading): monotonic, unlike the clock. */
export function secondsSince(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}
