import { Inject, Injectable } from '@nestjs/common';
import { HubConfig, HubError, SpawnerEntity, subdomainHostOf } from '@orrery/core';
import { Resource } from '@orrery/rbac';
import type { FastifyRequest } from 'fastify';
import { DataSource, EntityManager } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { ResourceGroupsService } from '../auth/resource-groups.service';
import { UsersService } from '../domain/users.service';
import { pageLimits, pageRequest, PageRequest, paginate } from '../http/pagination';
import { ServerUrls } from '../models/server-model';

/** What the share and share-code endpoints have in common: servers, permissions, pages. */
@Injectable()
export class ShareLookupService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(ResourceGroupsService) private readonly resourceGroups: ResourceGroupsService,
  ) {}

  get urls(): ServerUrls {
    const baseUrl = this.config.JupyterHub.base_url;
    const subdomain = subdomainHostOf(this.config.JupyterHub.subdomain_host);
    return { baseUrl, hubPrefix: `${baseUrl}hub/`, subdomain };
  }

  /**
   * JupyterHub's `_lookup_spawner`: 404 unless the owner has that server. JupyterHub makes
   * every user's default spawner row as soon as it loads the user, so the default server
   * always exists; here its row is made only when something is written for it, and null
   * stands for a default server that has no row yet.
   */
  async spawner(
    owner: string,
    server: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<SpawnerEntity | null> {
    const found = await this.findSpawner(owner, server, manager);
    if (found === 'no-such-server') throw new HubError(404, `No such server: ${owner}/${server}`);
    return found;
  }

  /** Like `spawner`, for callers that answer their own 404 when the server does not exist. */
  async findSpawner(
    owner: string,
    server: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<SpawnerEntity | null | 'no-such-server'> {
    const user = await this.users.findByName(owner, manager);
    if (!user) return 'no-such-server';
    const spawner = await manager
      .getRepository(SpawnerEntity)
      .findOneBy({ userId: user.id, name: server });
    if (!spawner && server !== '') return 'no-such-server';
    return spawner;
  }

  /** The spawner row of an owner's server, making the default server's row if missing. */
  async ensureSpawner(
    owner: string,
    server: string,
    manager: EntityManager,
  ): Promise<SpawnerEntity> {
    const existing = await this.spawner(owner, server, manager);
    if (existing) return existing;
    const user = await this.users.requireByName(owner, manager);
    await manager
      .createQueryBuilder()
      .insert()
      .into(SpawnerEntity)
      .values({ userId: user.id, name: server, displayName: '' })
      .orIgnore()
      .execute();
    return manager.getRepository(SpawnerEntity).findOneByOrFail({ userId: user.id, name: server });
  }

  /** The owner's user id for owner-wide lists; a bare 404 as JupyterHub's. */
  async ownerId(owner: string): Promise<number> {
    const user = await this.users.findByName(owner);
    if (!user) throw new HubError(404);
    return user.id;
  }

  /** `has_scope` of a concrete `base!server=<owner>/<server>` share scope. */
  async mayGrant(auth: AuthContext, scopes: readonly string[], owner: string, server: string) {
    const groups = await this.resourceGroups.groupsOf(owner);
    const resource: Resource = { kind: 'server', user: owner, server, groups };
    for (const scope of scopes) {
      const base = scope.slice(0, scope.indexOf('!'));
      if (!auth.scopes.has(base, resource)) {
        throw new HubError(403, `Do not have permission to grant share with scope ${scope}`);
      }
    }
  }

  async holdsOnUser(auth: AuthContext, base: string, name: string): Promise<boolean> {
    const groups = await this.resourceGroups.groupsOf(name);
    return auth.scopes.has(base, { kind: 'user', name, groups });
  }

  /**
   * Offset and limit as JupyterHub reads them: without the pagination Accept header the
   * default limit is the maximum, yet share lists always answer in the paginated shape.
   */
  page(request: FastifyRequest): PageRequest {
    return pageRequest(request, pageLimits(this.config));
  }

  paginated(request: FastifyRequest, page: PageRequest, items: unknown[], total: number): object {
    return paginate(request, { ...page, paginated: true }, items, total);
  }
}
