import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AuthStateCrypt, HubConfig, SpawnerEntity, UserEntity } from '@orrery/core';
import { authStateEnv } from './auth-state-env';
import { BackoffTimeout } from './backoff';
import { ServerPoller } from './server-poller.service';
import { ServerRoutes } from './server-routes.port';
import { publicUrls } from './public-urls';
import { buildServerEnv } from './server-env';
import {
  serverAccessScopes,
  serverClientId,
  serverPrefix,
  serverTokenScopes,
} from './server-identity';
import { diagnose, Diagnosis, startObservation } from './server-diagnosis';
import { ServerEvents } from './server-events.service';
import { serverLogName } from './server-names';
import { SERVER_ENV_HOOK, ServerEnvHook } from './server-env-hook';
import { SERVER_TOKEN_SCOPES_HOOK, ServerTokenScopesHook } from './server-token-scopes-hook';
import { runSpawnHook } from './spawn-hooks';
import { SpawnRecords } from './spawn-records.service';
import { SpawnFailed, SpawnStates, StartTimeout } from './spawn-states';
import type { Spawner, SpawnContext } from './spawner';
import { SpawnerRegistry } from './spawner-registry';
import { ServerExited, waitUp } from './wait-up';

/** How long the cleanup of a timed-out start waits for the spawner's start to end. */
const START_SETTLE_MS = 10_000;
const noop = (): void => undefined;

/** The user a server belongs to; the auth state when the caller loaded it (auth_state_env). */
type Owner = Pick<UserEntity, 'id' | 'name'> & Partial<Pick<UserEntity, 'encryptedAuthState'>>;

/** Where servers reach the hub API: `hub_connect_url` or `hub_bind_url`, wildcards as loopback. */
export function hubApiUrl(config: HubConfig): string {
  const url = new URL(config.JupyterHub.hub_connect_url ?? config.JupyterHub.hub_bind_url);
  if (['0.0.0.0', '[::]', ''].includes(url.hostname)) url.hostname = '127.0.0.1';
  return `${url.origin}${config.JupyterHub.base_url}hub/api`;
}

/**
 * JupyterHub's spawn sequence (`User.spawn` + `finish_user_spawn`) and stop sequence
 * (`User.stop`), run once for every spawner. A failed start is stopped and cleaned up here,
 * so nothing (token, OAuth client, route, servers row, process) outlives it.
 */
@Injectable()
export class ServerLifecycle {
  private readonly logger = new Logger('spawner');
  /** The start() call of each instance still held by a start in this process. */
  private readonly startCalls = new WeakMap<Spawner, Promise<unknown>>();

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(SpawnRecords) private readonly records: SpawnRecords,
    @Inject(SpawnStates) private readonly states: SpawnStates,
    @Inject(SpawnerRegistry) private readonly registry: SpawnerRegistry,
    @Inject(ServerRoutes) private readonly routes: ServerRoutes,
    @Inject(ServerPoller) private readonly poller: ServerPoller,
    @Inject(AuthStateCrypt) private readonly crypt: AuthStateCrypt,
    @Inject(ServerEvents) private readonly events: ServerEvents,
    @Optional()
    @Inject(SERVER_TOKEN_SCOPES_HOOK)
    private readonly tokenScopesHook: ServerTokenScopesHook | null = null,
    @Optional()
    @Inject(SERVER_ENV_HOOK)
    private readonly envHook: ServerEnvHook | null = null,
  ) {}

  prefix(user: string, server: string): string {
    return serverPrefix(this.config.JupyterHub.base_url, user, server);
  }

  /** A spawner instance restored from the row's state. */
  restore(user: Owner, spawner: SpawnerEntity): Spawner {
    const instance = this.registry.create({ id: user.id, name: user.name }, spawner.name);
    instance.loadState(spawner.state ?? {});
    return instance;
  }

  /** Runs a whole start; on failure the server is stopped and the failure thrown. */
  async start(
    user: UserEntity,
    spawner: SpawnerEntity,
    userOptions: Record<string, unknown> | null,
    signal: AbortSignal,
  ): Promise<void> {
    const id = spawner.id;
    const name = serverLogName(user.name, spawner.name);
    const prefix = this.prefix(user.name, spawner.name);
    this.states.emit(id, { progress: 0, message: 'Server requested' });
    let instance: Spawner | null = null;
    try {
      const { token, serverId } = await this.records.beginStart({
        user,
        spawner,
        prefix,
        tokenScopes: serverTokenScopes(
          [
            ...(this.config.Spawner.server_token_scopes ?? (await this.records.serverRoleScopes())),
            ...((await this.tokenScopesHook?.extraScopes(user)) ?? []),
          ],
          user.name,
          spawner.name,
        ),
        client: {
          identifier: serverClientId(user.name, spawner.name),
          redirectUri: publicUrls(this.config, 'user', user.name, prefix).oauthCallbackUrl,
          allowedScopes: [
            ...new Set([
              ...this.config.Spawner.oauth_client_allowed_scopes,
              serverAccessScopes(user.name, spawner.name)[0],
            ]),
          ],
        },
        userOptions,
      });
      const options = (await this.records.spawnerById(id))?.userOptions ?? {};
      signal.throwIfAborted();
      instance = this.registry.create({ id: user.id, name: user.name }, spawner.name);
      this.forwardProgress(id, instance, signal);
      const extraEnv = (await this.envHook?.extraEnv(user)) ?? {};
      const ctx = this.context(user, spawner, token, options, extraEnv);
      await runSpawnHook(this.config, 'pre_spawn_hook', ctx);
      signal.throwIfAborted();
      const url = await this.runSpawner(instance, ctx);
      await this.records.recordStarted(id, serverId, url, instance.getState());
      signal.throwIfAborted();
      await waitUp(`${url}${prefix}api`, {
        timeoutMs: this.config.Spawner.http_timeout * 1000,
        exited: () => (instance as Spawner).poll(),
        signal,
      });
      await this.routes.add(user.name, spawner.name, url);
      this.states.setPending(id, null);
      this.watch(user, id);
      this.logger.log({
        message: `server ready at ${prefix}`,
        user: user.name,
        server: spawner.name,
      });
    } catch (error) {
      const failure = await this.withExitDetails(
        this.failure(error, name, signal),
        error,
        instance,
      );
      this.logFailure(failure, error, user.name, spawner.name);
      const diagnosis = failure.cancelled ? null : await this.diagnoseStart(error, instance);
      this.states.fail(id, failure);
      if (instance) await this.settled(instance);
      await this.stop(user, spawner, instance ?? undefined).catch((stopError: unknown) =>
        this.logger.error({
          message: `cleanup after a failed start failed: ${String(stopError)}`,
          user: user.name,
        }),
      );
      // after the stop, whose activity stamp tells the pages the failure is the newest news
      if (diagnosis) await this.recordFailure(user.name, spawner.name, diagnosis);
      throw failure;
    }
  }

  /** The spawner's own progress events while it starts, or JupyterHub's default one. */
  private forwardProgress(id: number, instance: Spawner, signal: AbortSignal): void {
    if (!instance.progress) {
      this.states.emit(id, { progress: 50, message: 'Spawning server...' });
      return;
    }
    const events = instance.progress();
    void (async () => {
      for await (const event of events) {
        if (signal.aborted || this.states.pending(id) !== 'spawn') break;
        // a spawner may not declare the server ready; only the hub knows
        const { progress, message, html_message } = event;
        // an absent html_message stays absent: the event stream writes every key it gets
        this.states.emit(
          id,
          html_message ? { progress, message, html_message } : { progress, message },
        );
      }
    })().catch((error: unknown) =>
      this.logger.warn({ message: `progress events failed: ${String(error)}`, spawner: id }),
    );
  }

  /**
   * `Spawner.start` within `start_timeout`. A cancel does not interrupt it: the process it
   * may be creating must be known (in the instance's state) to be stopped.
   */
  private async runSpawner(instance: Spawner, ctx: SpawnContext): Promise<string> {
    const seconds = this.config.Spawner.start_timeout;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new StartTimeout(ctx.user.name, seconds)), seconds * 1000);
    });
    const call = instance.start(ctx);
    this.startCalls.set(instance, call);
    try {
      return (await Promise.race([call, timeout])).url;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Waits, at most START_SETTLE_MS, for a start that outlasted start_timeout to end, so that
   * the stop which follows finds what it created (a container made after a long pull) instead
   * of stopping nothing; a spawner still starting after that polls as running and is stopped.
   */
  private async settled(instance: Spawner): Promise<void> {
    const call = this.startCalls.get(instance);
    if (!call) return;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, START_SETTLE_MS)));
    // its outcome is already reported as the start's failure; only its end matters here
    await Promise.race([call.then(noop, noop), limit]);
    clearTimeout(timer);
  }

  private context(
    user: Owner,
    spawner: SpawnerEntity,
    token: string,
    options: Record<string, unknown>,
    extraEnv: Record<string, string> = {},
  ): SpawnContext {
    const { Spawner: settings, JupyterHub: hub } = this.config;
    const prefix = this.prefix(user.name, spawner.name);
    const urls = publicUrls(this.config, 'user', user.name, prefix);
    return {
      user: { id: user.id, name: user.name },
      serverName: spawner.name,
      prefix,
      userOptions: options,
      groups: () => this.records.groupNames(user.id),
      env: (bind) =>
        buildServerEnv({
          hubEnv: process.env,
          envKeep: settings.env_keep,
          apiToken: token,
          adminAccess: hub.admin_access,
          clientId: serverClientId(user.name, spawner.name),
          user: user.name,
          serverName: spawner.name,
          baseUrl: hub.base_url,
          prefix,
          oauthCallbackUrl: urls.oauthCallbackUrl,
          hubHost: urls.hubHost,
          publicUrl: urls.publicUrl,
          publicHubUrl: urls.publicHubUrl,
          hubApiUrl: hubApiUrl(this.config),
          accessScopes: serverAccessScopes(user.name, spawner.name),
          clientAllowedScopes: settings.oauth_client_allowed_scopes,
          bind,
          memLimit: settings.mem_limit,
          cpuLimit: settings.cpu_limit,
          notebookDir: settings.notebook_dir,
          defaultUrl: settings.default_url,
          debug: settings.debug,
          // per user, so after the hub-wide environment
          environment: { ...settings.environment, ...extraEnv, ...this.authStateEnvOf(user) },
        }),
    };
  }

  private authStateEnvOf(user: Owner): Record<string, string> {
    const mapping = this.config.Spawner.auth_state_env;
    const encrypted = user.encryptedAuthState;
    if (!encrypted || Object.keys(mapping).length === 0) return {};
    return authStateEnv(mapping, this.crypt.decrypt(encrypted));
  }

  private failure(error: unknown, name: string, signal: AbortSignal): SpawnFailed {
    if (signal.aborted) return new SpawnFailed(500, 'Spawn cancelled', true);
    if (error instanceof SpawnFailed) return error;
    if (error instanceof ServerExited) {
      return new SpawnFailed(
        500,
        `Spawner failed to start [status=${error.status}]. The logs for ${name} may contain details.`,
      );
    }
    if (error instanceof BackoffTimeout) return new SpawnFailed(500, error.message);
    return new SpawnFailed(500, error instanceof Error ? error.message : String(error));
  }

  /**
   * A failure the hub or a spawner expects (a refused image, a server that exited or never
   * answered, a timeout, a cancel) at warn without a stack; anything else at error with its
   * stack, as JupyterHub logs an unhandled spawn error.
   */
  private logFailure(failure: SpawnFailed, error: unknown, user: string, server: string): void {
    const fields = { message: `start failed: ${failure.message}`, user, server };
    const expected = [SpawnFailed, ServerExited, BackoffTimeout].some(
      (kind) => error instanceof kind,
    );
    if (expected || failure.cancelled || !(error instanceof Error)) this.logger.warn(fields);
    else this.logger.error(fields, error.stack);
  }

  /** Why a start failed, for the owner's pages and the admins (orrery_server_events). */
  private async diagnoseStart(error: unknown, instance: Spawner | null): Promise<Diagnosis> {
    const output = async () => (instance ? this.lastOutput(instance) : null);
    return diagnose(await startObservation(error, output, this.config.Spawner.http_timeout));
  }

  /** What the server printed last, for admins: a spawner's own lastOutput, else its exitDetails. */
  private async lastOutput(instance: Spawner): Promise<string | null> {
    const read = instance.lastOutput ?? instance.exitDetails;
    return (await read?.call(instance).catch(() => null)) ?? null;
  }

  private async recordFailure(user: string, server: string, diagnosis: Diagnosis): Promise<void> {
    await this.events
      .record({ userName: user, serverName: server, kind: 'failure', ...diagnosis })
      .catch((error: unknown) =>
        this.logger.error({ message: `recording a failure failed: ${String(error)}`, user }),
      );
  }

  /** A server that exited while starting may say why (its last log lines). */
  private async withExitDetails(
    failure: SpawnFailed,
    error: unknown,
    instance: Spawner | null,
  ): Promise<SpawnFailed> {
    if (!(error instanceof ServerExited) || !instance?.exitDetails) return failure;
    const details = await instance.exitDetails().catch(() => null);
    return details ? new SpawnFailed(failure.status, `${failure.message}\n${details}`) : failure;
  }

  /** Polls a running server; when it has exited, its route and records go (JupyterHub's user_stopped). */
  watch(user: Owner, spawnerId: number): void {
    this.poller.watch(spawnerId, async () => {
      const spawner = await this.records.spawnerById(spawnerId);
      if (!spawner || spawner.serverId === null) return this.poller.cancel(spawnerId);
      if (this.states.pending(spawnerId)) return;
      const instance = this.restore(user, spawner);
      const status = await instance.poll();
      if (status === null) return;
      this.logger.warn({
        message: `User ${user.name} server stopped, with exit code: ${status}`,
        user: user.name,
        server: spawner.name,
      });
      const output = await this.lastOutput(instance);
      const oomKilled = (await instance.oomKilled?.().catch(() => false)) ?? false;
      await this.stop(user, spawner);
      const diagnosis = diagnose({ kind: 'exit', status, whileStarting: false, output, oomKilled });
      await this.recordFailure(user.name, spawner.name, diagnosis);
    });
  }

  /**
   * The stop sequence: route, process (if running), then the records. `instance` is the one a
   * failed start still holds, whose state may not be persisted yet.
   */
  async stop(user: Owner, spawner: SpawnerEntity, instance?: Spawner): Promise<void> {
    const id = spawner.id;
    this.states.setPending(id, 'stop');
    this.poller.cancel(id);
    const run = (async () => {
      let failed: unknown = null;
      try {
        await this.routes.remove(user.name, spawner.name);
        const current = (await this.records.spawnerById(id)) ?? spawner;
        const server = instance ?? this.restore(user, current);
        if ((await server.poll()) === null) await server.stop();
        await server.cleanup?.(instance !== undefined);
      } catch (error) {
        failed = error;
      }
      await this.records.finishStop(spawner, this.prefix(user.name, spawner.name));
      if (failed) throw failed;
    })();
    this.states.setStop(id, run);
    try {
      await run;
      this.logger.log({ message: 'server stopped', user: user.name, server: spawner.name });
      // the token is gone (the hook's environment leaves it out): JupyterHub's post_stop_hook
      await runSpawnHook(
        this.config,
        'post_stop_hook',
        this.context(user, spawner, '', spawner.userOptions ?? {}),
      ).catch((error: unknown) =>
        this.logger.error({
          message: error instanceof Error ? error.message : String(error),
          user: user.name,
          server: spawner.name,
        }),
      );
    } finally {
      this.states.setStop(id, null);
      this.states.setPending(id, null);
    }
  }
}
