import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { AuthenticatorRegistry } from '@orrery/auth';
import { Clock, HubConfig, rawQuery, UserEntity, WarmPoolEntryEntity } from '@orrery/core';
import { SpawnOrchestrator, SpawnStates } from '@orrery/spawn';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { UserAdminService, UsersService } from '@orrery/api';
import { StartupConfigError } from '../startup/startup-config-error';

/** After a failed fill, the next try waits this long, doubling up to the maximum. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 30_000;
/** How often the pool checks itself when no one arrives. */
const POOL_CHECK_MS = 30_000;

interface PooledServer {
  user_id: number;
  name: string;
  spawner_id: number;
  server_id: number | null;
}

/**
 * Orrery's warm pool (`Pool.size`). A started jupyterhub-singleuser is bound to its user,
 * token and OAuth client, so only anonymous visitors (the tmp authenticator) can be given a
 * server started before they came: the pool keeps that many anonymous users with started
 * servers, hands a ready one to each arrival, and fills up again in the background. The
 * entries are rows (`warm_pool`), so a hub restart keeps its pool; entries whose server is
 * gone (culled, crashed) are dropped with their user at the next fill.
 */
@Injectable()
export class WarmPool implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('pool');
  private filling: Promise<void> | null = null;
  /** a fill was asked for while one ran: it may have counted a pool that changed since */
  private fillAgain = false;
  private checkTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = RETRY_FIRST_MS;
  private closed = false;

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(AuthenticatorRegistry) private readonly registry: AuthenticatorRegistry,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(UserAdminService) private readonly userAdmin: UserAdminService,
    @Inject(SpawnOrchestrator) private readonly orchestrator: SpawnOrchestrator,
    @Inject(SpawnStates) private readonly states: SpawnStates,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  get size(): number {
    return this.config.Pool.size;
  }

  onApplicationBootstrap(): void {
    if (this.size === 0) return;
    if (!this.registry.authenticator.anonymous) {
      throw new StartupConfigError(
        `Pool.size is ${this.size}, but a started server belongs to one user: the pool only ` +
          `works with an anonymous authenticator (tmp), not ${this.registry.authenticator.name}`,
      );
    }
    // the first fill comes from HubStateInitializer once the database agrees with the config
    // and the proxy runs: a transaction of the pool inside its start-up transaction would
    // share SQLite's one connection with it
    // servers of the pool may be culled or die while no one arrives
    this.checkTimer = setInterval(() => this.fill(), POOL_CHECK_MS).unref();
  }

  onApplicationShutdown(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.checkTimer) clearInterval(this.checkTimer);
  }

  /** A pooled user whose server is ready, now the visitor's; null when none is ready. */
  async claim(): Promise<string | null> {
    if (this.size === 0) return null;
    for (const server of await this.pooledServers()) {
      if (server.server_id === null || this.states.pending(server.spawner_id) !== null) continue;
      const taken = await this.dataSource
        .getRepository(WarmPoolEntryEntity)
        .delete({ userId: server.user_id });
      // another arrival may have taken the same user a moment before
      if (!taken.affected) continue;
      this.logger.log(`handed ${server.name} to a visitor`);
      this.fill();
      return server.name;
    }
    this.fill();
    return null;
  }

  /** Fills the pool up to its size, once at a time; a failure retries later. */
  fill(): void {
    if (this.closed || this.size === 0) return;
    if (this.filling) {
      this.fillAgain = true;
      return;
    }
    this.fillAgain = false;
    this.filling = this.fillUp()
      .then(() => {
        this.retryMs = RETRY_FIRST_MS;
      })
      .catch((error: unknown) => {
        this.logger.warn(
          `filling the pool failed: ${String(error)}; retrying in ${this.retryMs} ms`,
        );
        this.retryTimer = setTimeout(() => this.fill(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
      })
      .finally(() => {
        this.filling = null;
        if (this.fillAgain) this.fill();
      });
  }

  private async fillUp(): Promise<void> {
    const pooled = await this.pooledServers();
    const broken = pooled.filter(
      (server) => server.server_id === null && this.states.pending(server.spawner_id) === null,
    );
    for (const server of broken) await this.dropUser(server.user_id);
    let missing = this.size - (pooled.length - broken.length);
    const failures: unknown[] = [];
    while (missing > 0 && !this.closed) {
      const batch = Math.min(missing, this.config.Pool.concurrent_starts);
      // one transaction at a time (SQLite has one connection); the starts run side by side
      const users: UserEntity[] = [];
      for (let i = 0; i < batch; i++) users.push(await this.addUser());
      const results = await Promise.allSettled(users.map((user) => this.startServer(user)));
      failures.push(...results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : [])));
      if (failures.length) break;
      missing -= batch;
    }
    if (failures.length) throw failures[0];
  }

  /** A new anonymous user with its pool entry. */
  private addUser(): Promise<UserEntity> {
    return this.dataSource.transaction(async (manager) => {
      const created = await this.users.create(randomUUID(), false, manager);
      await manager
        .getRepository(WarmPoolEntryEntity)
        .insert({ userId: created.id, created: this.clock.now() });
      return created;
    });
  }

  /** Starts a pooled user's server and waits until it is ready; a failure drops the user. */
  private async startServer(user: UserEntity): Promise<void> {
    try {
      const seconds = this.config.Spawner.start_timeout + this.config.Spawner.http_timeout;
      await this.orchestrator.start(user, '', { userOptions: null, displayName: null }, seconds);
    } catch (error) {
      await this.dropUser(user.id);
      throw error;
    }
  }

  private async dropUser(userId: number): Promise<void> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id: userId });
    if (user) await this.userAdmin.delete(user);
  }

  private pooledServers(): Promise<PooledServer[]> {
    return rawQuery<PooledServer>(
      this.dataSource,
      `SELECT w.user_id, u.name, s.id AS spawner_id, s.server_id FROM warm_pool w
       JOIN users u ON u.id = w.user_id
       JOIN spawners s ON s.user_id = w.user_id AND s.name = ''
       ORDER BY w.created`,
      [],
    );
  }
}
