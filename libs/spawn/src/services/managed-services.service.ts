import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { HubConfig, ServiceEntity, ServiceSpec } from '@orrery/core';
import { DataSource } from 'typeorm';
import { BackoffTimeout } from '../backoff';
import { publicUrls } from '../public-urls';
import { hubApiUrl } from '../server-lifecycle.service';
import type { SpawnContext, SpawnerSlot } from '../spawner';
import { ServerExited, waitUp } from '../wait-up';
import { buildServiceEnv, servicePrefix } from './service-env';
import { ServiceSpawner } from './service.spawner';

/** JupyterHub's default `timeout` of a service: seconds its URL has to answer at start. */
const DEFAULT_TIMEOUT_SECONDS = 30;

/** A managed service did not come up; the hub does not start (JupyterHub exits with 1). */
export class ManagedServiceFailed extends Error {}

interface ManagedService {
  spec: ServiceSpec & { command: string[] };
  token: string;
  spawner: ServiceSpawner;
  timer: NodeJS.Timeout | null;
  /** a restart in flight, which a shutdown waits for before it stops the process */
  restarting: Promise<void> | null;
}

/**
 * The hub's managed services (`JupyterHub.services` entries with a `command`), as JupyterHub
 * runs them: started one after another at start-up, each with a URL waited for; polled every
 * `Spawner.poll_interval` and started again when it exited; stopped when the hub shuts down.
 * The services table's `pid` shows the running process (0 when stopped).
 */
@Injectable()
export class ManagedServices implements BeforeApplicationShutdown {
  private readonly logger = new Logger('services');
  private readonly services = new Map<string, ManagedService>();
  private stopping = false;

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /**
   * Starts the managed services that the start-up sequence gave a token (by name). The first
   * that fails to run, exits, or does not answer within its `timeout` stops the others and
   * throws ManagedServiceFailed.
   */
  async start(tokens: ReadonlyMap<string, string>): Promise<void> {
    for (const spec of this.config.JupyterHub.services) {
      const token = tokens.get(spec.name);
      if (!spec.command?.length || token === undefined) continue;
      const service: ManagedService = {
        spec: { ...spec, command: spec.command },
        token,
        spawner: new ServiceSpawner(this.slot(spec), {
          command: spec.command,
          cwd: spec.cwd,
          url: spec.url ?? null,
        }),
        timer: null,
        restarting: null,
      };
      this.services.set(spec.name, service);
      try {
        await this.launch(service);
        await this.waitUp(service);
      } catch (error) {
        await this.stopAll();
        if (error instanceof ManagedServiceFailed) throw error;
        throw new ManagedServiceFailed(
          `Failed to start service ${spec.name}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      this.watch(service);
    }
  }

  /** The database closes in the shutdown phase; the services go (and their pids) before. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stopAll();
  }

  private async launch(service: ManagedService): Promise<void> {
    const { spec } = service;
    const at = spec.url ? ` at ${spec.url}` : '';
    this.logger.log({
      message: `Starting managed service ${spec.name}${at}: ${spec.command.join(' ')}`,
      service: spec.name,
    });
    await service.spawner.start(this.context(service));
    await this.recordPid(spec.name, Number(service.spawner.getState().pid ?? 0));
  }

  /** JupyterHub's wait for `<url><prefix>`: any answer below 500, unless the process exits. */
  private async waitUp(service: ManagedService): Promise<void> {
    const { spec, spawner } = service;
    if (!spec.url) return;
    const url = `${new URL(spec.url).origin}${servicePrefix(this.config.JupyterHub.base_url, spec.name)}`;
    const seconds = spec.timeout ?? DEFAULT_TIMEOUT_SECONDS;
    try {
      await waitUp(url, { timeoutMs: seconds * 1000, exited: () => spawner.poll() });
    } catch (error) {
      if (error instanceof ServerExited) {
        throw new ManagedServiceFailed(`Service ${spec.name} exited with status ${error.status}`);
      }
      if (error instanceof BackoffTimeout) {
        throw new ManagedServiceFailed(
          `Cannot connect to managed service ${spec.name} at ${url} within ${seconds} seconds`,
        );
      }
      throw error;
    }
  }

  private watch(service: ManagedService): void {
    const seconds = this.config.Spawner.poll_interval;
    if (seconds <= 0 || this.stopping) return;
    service.timer = setTimeout(() => {
      service.timer = null;
      service.restarting = this.check(service).finally(() => {
        service.restarting = null;
      });
    }, seconds * 1000);
    // polling never keeps the hub process alive
    service.timer.unref();
  }

  /** A service that exited is started again at once (JupyterHub's `_proc_stopped`). */
  private async check(service: ManagedService): Promise<void> {
    const { name } = service.spec;
    const status = await service.spawner.poll();
    if (status !== null && !this.stopping) {
      this.logger.error({ message: `Service ${name} exited with status ${status}`, service: name });
      try {
        await this.launch(service);
      } catch (error) {
        // as JupyterHub, a restart that fails is not tried again: the service stays down
        this.logger.error({
          message: `Failed to start service ${name}: ${String(error)}`,
          service: name,
        });
        return;
      }
    }
    this.watch(service);
  }

  private async stopAll(): Promise<void> {
    this.stopping = true;
    for (const service of this.services.values()) {
      if (service.timer) clearTimeout(service.timer);
      await service.restarting;
      const { name } = service.spec;
      this.logger.log({ message: `Stopping service ${name}`, service: name });
      try {
        await service.spawner.stop();
        await this.recordPid(name, 0);
      } catch (error) {
        // one service that will not stop must not keep the others running
        this.logger.error({
          message: `Stopping service ${name} failed: ${String(error)}`,
          service: name,
        });
      }
    }
    this.services.clear();
  }

  private async recordPid(name: string, pid: number): Promise<void> {
    await this.dataSource.getRepository(ServiceEntity).update({ name }, { pid });
  }

  private slot(spec: ServiceSpec): SpawnerSlot {
    const fields = { service: spec.name };
    return {
      user: { id: 0, name: spec.user ?? '' },
      serverName: '',
      config: this.config,
      log: {
        info: (message, extra) => this.logger.log({ message, ...fields, ...extra }),
        warn: (message, extra) => this.logger.warn({ message, ...fields, ...extra }),
      },
    };
  }

  private context(service: ManagedService): SpawnContext {
    const { spec, token } = service;
    const baseUrl = this.config.JupyterHub.base_url;
    return {
      user: { id: 0, name: spec.user ?? '' },
      serverName: '',
      prefix: servicePrefix(baseUrl, spec.name),
      userOptions: {},
      groups: async () => [],
      env: (bind) =>
        buildServiceEnv({
          hubEnv: process.env,
          name: spec.name,
          url: spec.url ?? null,
          user: spec.user ?? '',
          apiToken: token,
          clientId: spec.oauth_client_id || `service-${spec.name}`,
          baseUrl,
          hubApiUrl: hubApiUrl(this.config),
          urls: publicUrls(this.config, 'service', spec.name, servicePrefix(baseUrl, spec.name)),
          bind,
          environment: spec.environment ?? {},
        }),
    };
  }
}
