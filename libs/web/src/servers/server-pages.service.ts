import { Inject, Injectable } from '@nestjs/common';
import {
  browserProtocol,
  checkNamedServer,
  HubRequest,
  LoginSessionService,
  urlEscapePath,
} from '@orrery/api';
import {
  HubConfig,
  HubError,
  serverOrigin,
  SpawnerEntity,
  SubdomainHost,
  subdomainHostOf,
  UserEntity,
} from '@orrery/core';
import type { Scope } from '@orrery/rbac';
import { ServerEvents, SpawnOrchestrator, SpawnRecords } from '@orrery/spawn';
import { validateNextUrl } from '../login/next-url';

/** Where a server stands, as the pages see it. */
export type ServerState = 'ready' | 'spawn' | 'stop' | 'failed' | 'stopped';

/** One user's server slot, resolved from a page's path. */
export interface ServerSlot {
  user: UserEntity;
  serverName: string;
  /** null when the user never had a server of that name */
  spawner: SpawnerEntity | null;
}

/**
 * What the server pages (spawn, spawn-pending, the `/hub/user/...` fall-through) share: the
 * URLs of a server, its state, JupyterHub's scope checks on it, and the `next` target.
 */
@Injectable()
export class ServerPages {
  readonly hubPrefix: string;
  /** `JupyterHub.subdomain_host`, parsed; null when servers share the hub's origin */
  readonly subdomain: SubdomainHost | null;

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(LoginSessionService) session: LoginSessionService,
    @Inject(SpawnRecords) private readonly records: SpawnRecords,
    @Inject(SpawnOrchestrator) private readonly orchestrator: SpawnOrchestrator,
    @Inject(ServerEvents) private readonly events: ServerEvents,
  ) {
    this.hubPrefix = session.hubPrefix;
    this.subdomain = subdomainHostOf(config.JupyterHub.subdomain_host);
  }

  /** JupyterHub's `user.server_url`: absolute on the user's own host with subdomain_host. */
  serverUrl(user: string, server: string): string {
    const named = server ? `${urlEscapePath(server)}/` : '';
    const path = `${this.config.JupyterHub.base_url}user/${urlEscapePath(user)}/${named}`;
    return this.userOrigin(user) + path;
  }

  /** `http://alice.hub.test:8000` with subdomain_host, else '' (the hub's own origin). */
  userOrigin(user: string): string {
    return serverOrigin(this.subdomain, user, 'user');
  }

  /** `<hub_prefix><page>/<user>[/<server>]`, the spawn and spawn-pending pages of a server. */
  pageUrl(page: 'spawn' | 'spawn-pending', user: string, server: string): string {
    const named = server ? `/${urlEscapePath(server)}` : '';
    return `${this.hubPrefix}${page}/${urlEscapePath(user)}${named}`;
  }

  /** The server's REST path under `<hub_prefix>api`, as the pages' scripts call it. */
  serverApiPath(user: string, server: string): string {
    const path = server ? `servers/${urlEscapePath(server)}` : 'server';
    return `/users/${urlEscapePath(user)}/${path}`;
  }

  progressUrl(user: string, server: string): string {
    return `${this.hubPrefix}api${this.serverApiPath(user, server)}/progress`;
  }

  state(spawner: SpawnerEntity | null): ServerState {
    if (!spawner) return 'stopped';
    const pending = this.orchestrator.pending(spawner.id);
    if (pending === 'spawn' || pending === 'stop') return pending;
    if (spawner.serverId !== null) return 'ready';
    return this.orchestrator.lastSpawnError(spawner.id) ? 'failed' : 'stopped';
  }

  /** Why the slot's server last failed or was culled, in the owner's words (ServerEvents). */
  problem(slot: ServerSlot): Promise<string | null> {
    return this.events.lastProblem(slot.user.name, slot.spawner);
  }

  failure(spawner: SpawnerEntity | null): HubError | null {
    return spawner ? this.orchestrator.lastSpawnError(spawner.id) : null;
  }

  /**
   * The slot `userName`/`serverName` names, after JupyterHub's scope rule for it: a scope held
   * only for other servers is a 404, none at all a 403.
   */
  async slot(
    request: HubRequest,
    scope: Scope,
    userName: string,
    serverName: string,
  ): Promise<ServerSlot> {
    const auth = request.hubAuth;
    if (!auth) throw new HubError(403);
    const verdict = auth.scopes.check([scope], {
      kind: 'server',
      user: userName,
      server: serverName,
    });
    if (verdict === 'not-found') throw new HubError(404);
    if (verdict !== 'allowed') throw new HubError(403, `Action requires scope ${scope}`);
    if (serverName && !this.config.JupyterHub.allow_named_servers) {
      throw new HubError(400, 'Named servers are not enabled.');
    }
    const user = await this.records.findUser(userName);
    if (!user) throw new HubError(404);
    return { user, serverName, spawner: await this.records.findSpawner(user.id, serverName) };
  }

  /** JupyterHub's rules for starting a named server: its name, display name and the limit. */
  async checkNamedStart(slot: ServerSlot, displayName: string): Promise<void> {
    if (!slot.serverName) return;
    checkNamedServer(slot.user.name, slot.serverName, displayName, {
      allowNamedServers: this.config.JupyterHub.allow_named_servers,
      limit: this.config.JupyterHub.named_server_limit_per_user,
      namedCount: await this.records.namedSpawnerCount(slot.user.id),
      exists: slot.spawner !== null,
    });
  }

  /** The request's `?next=` if it stays on this hub, else ''. */
  requestedNext(request: HubRequest): string {
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    const next = query.get('next') ?? '';
    return validateNextUrl(
      next,
      browserProtocol(request),
      request.headers.host ?? '',
      this.subdomain,
    );
  }

  /** `url` with `?next=` when there is one to carry on. */
  withNext(url: string, next: string): string {
    return next ? `${url}?${new URLSearchParams({ next }).toString()}` : url;
  }
}
