import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { HubConfig, SpawnerEntity, UserEntity } from '@orrery/core';
import {
  ChpProxyClient,
  consoleLogger,
  InProcessProxyClient,
  planRouteSync,
  ProxyClient,
  ProxyServer,
  Route,
} from '@orrery/proxy';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AuthCache, HubProxy, listenAddress } from '@orrery/api';
import { ProxyLauncher } from './proxy-launcher';
import { WantedRoutesService } from './wanted-routes.service';

/**
 * The hub's side of the proxy. In-process (default) it runs a ProxyServer on `bind_url`; with
 * `JupyterHub.proxy: external` it drives a CHP-compatible proxy (orrery-proxy or the real
 * configurable-http-proxy) over its REST API, so the hub may restart without touching routes.
 * check_routes runs at start, on POST/PATCH /hub/api/proxy, and after each activity pull.
 * `start()` is called by the start-up sequence once the database agrees with the config.
 */
@Injectable()
export class HubProxyService implements HubProxy, OnApplicationShutdown {
  private readonly logger = new Logger('proxy');
  private server: ProxyServer | null = null;
  private client!: ProxyClient;
  private syncing: Promise<unknown> = Promise.resolve();
  private activityTimer: NodeJS.Timeout | null = null;
  private launcher: ProxyLauncher | null = null;
  /** the public port, once listening (in-process mode) */
  publicPort: number | null = null;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(WantedRoutesService) private readonly wantedRoutes: WantedRoutesService,
    @Inject(AuthCache) private readonly authCache: AuthCache,
  ) {}

  async start(): Promise<void> {
    if (this.config.JupyterHub.proxy === 'in-process') await this.startInProcess();
    else {
      // ConfigurableHTTPProxy.should_start: the hub starts the proxy command and restarts it
      this.launcher = new ProxyLauncher(this.config);
      const token = await this.launcher.start(this.wantedRoutes.hubTarget(), () =>
        this.checkRoutes(),
      );
      this.useExternal(
        this.config.ConfigurableHTTPProxy.api_url,
        token ?? this.config.ConfigurableHTTPProxy.auth_token,
      );
    }
    // the proxy must answer before the hub does anything else, as JupyterHub requires at start
    await this.client.getRoutes();
    await this.checkRoutes();
    const everyMs = this.config.JupyterHub.last_activity_interval * 1000;
    this.activityTimer = setInterval(
      () =>
        void this.pullActivity().catch((error: unknown) =>
          this.logger.warn(`activity pull failed: ${String(error)}`),
        ),
      everyMs,
    );
    this.activityTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.activityTimer) clearInterval(this.activityTimer);
    await this.server?.stop();
    await this.launcher?.stop();
  }

  /** PATCH /hub/api/proxy: point the hub at a (new) external proxy. */
  useExternal(apiUrl: string, authToken: string | null | undefined): void {
    // CHP without a token configured accepts any request; ours then sends an empty one
    const token = authToken ?? process.env.CONFIGPROXY_AUTH_TOKEN ?? '';
    this.client = new ChpProxyClient({ apiUrl, authToken: token, hostRouting: this.hostRouting });
    this.logger.log(`using the proxy API at ${apiUrl}`);
  }

  /**
   * Adds or replaces one route, in turn with check_routes. Before start() there is no proxy
   * to tell: the start's check_routes reads the routes from the database instead.
   */
  async addRoute(routespec: string, target: string, data: Record<string, unknown>): Promise<void> {
    await this.inTurn(async () => {
      if (!this.client) return;
      this.logger.log(`adding route ${routespec} -> ${target}`);
      await this.client.addRoute(routespec, target, data);
    });
  }

  async deleteRoute(routespec: string): Promise<void> {
    await this.inTurn(async () => {
      if (!this.client) return;
      this.logger.log(`deleting route ${routespec}`);
      await this.client.deleteRoute(routespec);
    });
  }

  private inTurn(work: () => Promise<void>): Promise<void> {
    const run = this.syncing.then(work);
    this.syncing = run.catch(() => undefined);
    return run;
  }

  async routes(): Promise<Record<string, Route>> {
    return this.client.getRoutes();
  }

  /**
   * check_routes now, when the database changed what the routes are named by (a renamed user):
   * JupyterHub's periodic check would move them minutes later; before start() there is nothing to move.
   */
  async syncRoutes(): Promise<void> {
    if (this.client) await this.checkRoutes();
  }

  /** JupyterHub's check_routes, one at a time: add missing or wrong routes, delete stale ones. */
  checkRoutes(current?: Record<string, Route>): Promise<void> {
    const run = this.syncing.then(async () => {
      const routes = current ?? (await this.client.getRoutes());
      const plan = planRouteSync(routes, await this.wantedRoutes.wanted());
      for (const route of plan.add) {
        this.logger.log(`adding route ${route.routespec} -> ${route.target}`);
        await this.client.addRoute(route.routespec, route.target, route.data);
      }
      for (const routespec of plan.remove) {
        this.logger.log(`deleting stale route ${routespec}`);
        await this.client.deleteRoute(routespec);
      }
    });
    this.syncing = run.catch(() => undefined);
    return run;
  }

  /** Copy the proxy's last_activity of server routes into users and spawners (never backwards). */
  async pullActivity(): Promise<void> {
    const routes = await this.client.getRoutes();
    for (const route of Object.values(routes)) {
      const {
        user,
        server_name: server,
        last_activity: seen,
      } = route.data as Record<string, unknown>;
      if (route.data.jupyterhub !== true || typeof user !== 'string' || typeof seen !== 'string')
        continue;
      const when = new Date(seen);
      if (Number.isNaN(when.getTime())) continue;
      await this.advance(user, typeof server === 'string' ? server : '', when);
      // user models show last_activity (AuthCache's rule for writes outside API requests)
      this.authCache.modelsChanged();
    }
    await this.checkRoutes(routes);
  }

  private async advance(userName: string, serverName: string, when: Date): Promise<void> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ name: userName });
    if (!user) return;
    if (!user.lastActivity || user.lastActivity < when) {
      await this.dataSource
        .getRepository(UserEntity)
        .update({ id: user.id }, { lastActivity: when });
    }
    const spawner = await this.dataSource
      .getRepository(SpawnerEntity)
      .findOneBy({ userId: user.id, name: serverName });
    if (spawner && (!spawner.lastActivity || spawner.lastActivity < when)) {
      await this.dataSource
        .getRepository(SpawnerEntity)
        .update({ id: spawner.id }, { lastActivity: when });
    }
  }

  /** HTTPS on the public port when both `ssl_cert` and `ssl_key` are set, as JupyterHub's. */
  private tlsOptions(): { cert: Buffer; key: Buffer } | undefined {
    const { ssl_cert: certFile, ssl_key: keyFile } = this.config.JupyterHub;
    if (!certFile && !keyFile) return undefined;
    if (!certFile || !keyFile) {
      throw new Error('JupyterHub.ssl_cert and JupyterHub.ssl_key must be set together');
    }
    return { cert: readFileSync(certFile), key: readFileSync(keyFile) };
  }

  /** With subdomain_host the proxy routes on the Host first, as CHP's `--host-routing`. */
  private get hostRouting(): boolean {
    return Boolean(this.config.JupyterHub.subdomain_host);
  }

  private async startInProcess(): Promise<void> {
    const { host, port } = listenAddress(this.config.JupyterHub.bind_url);
    this.server = new ProxyServer();
    const level = process.env.ORRERY_LOG_LEVEL === 'debug' ? 'debug' : 'warn';
    const ssl = this.tlsOptions();
    const listening = await this.server.start({
      ip: host === '0.0.0.0' ? '' : host,
      port,
      ssl,
      requestTimeout: this.config.Proxy.request_timeout * 1000,
      maxConnectionsPerIp: this.config.Proxy.max_connections_per_ip,
      fdReserve: this.config.Proxy.fd_reserve,
      log: consoleLogger(level),
      hostRouting: this.hostRouting,
      // the hub renders the proxy's 404 and 503 pages, as with CHP's --error-target
      errorTarget: `${this.wantedRoutes.hubTarget()}${this.config.JupyterHub.base_url}hub/error`,
    });
    this.publicPort = listening.port;
    this.client = new InProcessProxyClient(this.server, this.hostRouting);
    this.logger.log(`proxy listening on ${ssl ? 'https' : 'http'}://${host}:${listening.port}`);
  }
}
