import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Clock, HubConfig, SpawnerEntity, UserEntity } from '@orrery/core';
import { ServerEvents, SpawnOrchestrator, SpawnRecords } from '@orrery/spawn';
import { DataSource } from 'typeorm';
import { UserAdminService } from '../users/user-admin.service';
import { limitsFor, serverVerdict, userVerdict } from './cull-rules';
import { KernelProbe } from './kernel-probe.service';

/** What one round did, for tests and the log. */
export interface CullRound {
  servers: { user: string; server: string; reason: string }[];
  users: string[];
}

/** A stop the culler asks for may take this long (seconds) before the round moves on. */
const STOP_WAIT_S = 120;

/** Runs `work` over `items`, at most `limit` at a time. */
async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * The built-in idle culler (`Culler.*`), jupyterhub-idle-culler's job inside the hub: every
 * `every` seconds it stops servers idle for longer than their timeout (the default, or the
 * longest of the user's group policies), or older than max_age; a server with a busy kernel is
 * kept up to `busy_cap`; with `cull_users` it deletes users inactive that long who are not
 * admins and have no server. Each cull is recorded with its reason (ServerEvents).
 */
@Injectable()
export class Culler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('culler');
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<CullRound> | null = null;

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SpawnRecords) private readonly records: SpawnRecords,
    @Inject(SpawnOrchestrator) private readonly orchestrator: SpawnOrchestrator,
    @Inject(ServerEvents) private readonly events: ServerEvents,
    @Inject(UserAdminService) private readonly userAdmin: UserAdminService,
    @Inject(KernelProbe) private readonly kernels: KernelProbe,
  ) {}

  onApplicationBootstrap(): void {
    const settings = this.config.Culler;
    if (!settings.enabled) return;
    this.timer = setInterval(() => void this.cullOnce(), settings.every * 1000).unref();
    this.logger.log(
      `culling servers idle for ${settings.timeout} s every ${settings.every} s` +
        (settings.policies.length ? ` (${settings.policies.length} group policies)` : ''),
    );
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One round; a round asked for while one runs shares it. */
  cullOnce(): Promise<CullRound> {
    this.round ??= this.runRound()
      .catch((error: unknown): CullRound => {
        this.logger.error({ message: `culling round failed: ${String(error)}` });
        return { servers: [], users: [] };
      })
      .finally(() => (this.round = null));
    return this.round;
  }

  private async runRound(): Promise<CullRound> {
    const done: CullRound = { servers: [], users: [] };
    const settings = this.config.Culler;
    const active = await this.records.activeSpawners();
    await inParallel(active, settings.concurrency, async (spawner) => {
      const reason = await this.cullServer(spawner);
      if (reason) done.servers.push({ user: spawner.user.name, server: spawner.name, reason });
    });
    if (settings.cull_users) done.users = await this.cullUsers();
    return done;
  }

  private async limitsOf(user: UserEntity) {
    const settings = this.config.Culler;
    return limitsFor(settings, settings.policies, await this.records.groupNames(user.id));
  }

  private async cullServer(spawner: SpawnerEntity): Promise<string | null> {
    if (this.orchestrator.pending(spawner.id)) return null;
    const settings = this.config.Culler;
    const user = spawner.user;
    const limits = await this.limitsOf(user);
    const times = {
      now: this.clock.now().getTime(),
      started: spawner.started?.getTime() ?? null,
      lastActivity: spawner.lastActivity?.getTime() ?? null,
      busyKernel: null as boolean | null,
      busyCap: settings.busy_cap,
    };
    let verdict = serverVerdict(times, limits);
    // only a server that would be culled for idleness is asked about its kernels
    if (verdict.cull && verdict.reason === 'idle' && settings.busy_cap > 0) {
      times.busyKernel = await this.kernels.busyKernel(user, spawner);
      verdict = serverVerdict(times, limits);
    }
    if (!verdict.cull) return null;
    const remove = spawner.name !== '' && settings.remove_named_servers;
    if (remove) await this.orchestrator.remove(user, spawner);
    else await this.orchestrator.stop(user, spawner, undefined, STOP_WAIT_S);
    const idle =
      times.lastActivity === null ? null : Math.round((times.now - times.lastActivity) / 1000);
    await this.events.record({
      userName: user.name,
      serverName: spawner.name,
      kind: 'cull',
      reason: verdict.reason,
      summary: verdict.summary,
      details:
        `${verdict.reason}: idle ${idle ?? '?'} s, timeout ${limits.timeout} s, max_age ${limits.maxAge} s, ` +
        `busy kernel ${times.busyKernel ?? 'not asked'}, busy_cap ${settings.busy_cap} s; ` +
        (limits.groups.length ? `policies of ${limits.groups.join(', ')}` : 'default limits') +
        (remove ? '; named server removed' : ''),
    });
    return verdict.reason;
  }

  private async cullUsers(): Promise<string[]> {
    const culled: string[] = [];
    const now = this.clock.now().getTime();
    const users = await this.dataSource
      .getRepository(UserEntity)
      .find({ where: { admin: false }, relations: { spawners: true }, order: { id: 'ASC' } });
    for (const user of users) {
      const active = user.spawners.some(
        (spawner) => spawner.serverId !== null || this.orchestrator.pending(spawner.id) !== null,
      );
      const candidate = {
        admin: user.admin,
        active,
        lastActivity: user.lastActivity?.getTime() ?? null,
        created: user.created?.getTime() ?? null,
      };
      const limits = await this.limitsOf(user);
      if (!userVerdict(candidate, now, limits)) continue;
      // refuses a user whose server started meanwhile: never a user with a running server
      await this.userAdmin.delete(user);
      culled.push(user.name);
      await this.events.record({
        userName: user.name,
        serverName: null,
        kind: 'cull',
        reason: 'user_idle',
        summary: `The account ${user.name} was removed after more than ${limits.timeout} seconds without use.`,
        details: `user inactive since ${user.lastActivity?.toISOString() ?? 'never'}; timeout ${limits.timeout} s`,
      });
    }
    return culled;
  }
}
