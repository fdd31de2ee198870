import { Inject, Injectable } from '@nestjs/common';
import { Clock, GroupEntity, HubError, ShareEntity, SpawnerEntity } from '@orrery/core';
import type { FastifyRequest } from 'fastify';
import { DataSource, EntityManager, FindOptionsWhere, In } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { OwnerScopesService } from '../auth/owner-scopes.service';
import { UsersService } from '../domain/users.service';
import { scopeExistenceError } from '../tokens/token-request';
import { ShareLookupService } from './share-lookup.service';
import { shareModel } from './share-model';
import {
  applyShareFilter,
  defaultShareScopes,
  parseShareTargetRequest,
  ShareTargetRequest,
} from './share-request';

const RELATIONS = { owner: true, spawner: true, user: true, group: true } as const;

type Recipient = { kind: 'user' | 'group'; id: number };
type ShareKey = { spawnerId: number; ownerId: number; userId?: number; groupId?: number };

/**
 * Shares of one server with users and groups (JupyterHub 5): granting adds scopes, revoking
 * removes them, and a share with no scope left is deleted. Stored scopes always carry the
 * concrete `!server=<owner>/<server>` filter, so they join the recipients' scopes as they are.
 */
@Injectable()
export class SharesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(OwnerScopesService) private readonly ownerScopes: OwnerScopesService,
    @Inject(ShareLookupService) private readonly lookup: ShareLookupService,
  ) {}

  async listByServer(request: FastifyRequest, owner: string, server: string): Promise<object> {
    const spawner = await this.lookup.spawner(owner, server);
    return spawner ? this.listPage(request, { spawnerId: spawner.id }) : this.emptyPage(request);
  }

  async listByOwner(request: FastifyRequest, owner: string): Promise<object> {
    return this.listPage(request, { ownerId: await this.lookup.ownerId(owner) });
  }

  /** Shares with the user directly or with any of the user's groups. */
  async listForUser(request: FastifyRequest, name: string): Promise<object> {
    const user = await this.users.requireByName(name);
    const groupIds = (await this.groupIdsOf(user.id)).map((row) => row.id);
    const where: FindOptionsWhere<ShareEntity>[] = [{ userId: user.id }];
    if (groupIds.length) where.push({ groupId: In(groupIds) });
    return this.listPage(request, where);
  }

  async listForGroup(request: FastifyRequest, name: string): Promise<object> {
    const group = await this.requireGroup(name);
    return this.listPage(request, { groupId: group.id });
  }

  async grant(auth: AuthContext, owner: string, server: string, body: unknown): Promise<object> {
    const request = parseShareTargetRequest(body, 'ShareGrantRequest');
    this.checkScopesExist(request);
    const scopes = applyShareFilter(
      request.scopes ?? defaultShareScopes(owner, server),
      owner,
      server,
    );
    await this.lookup.spawner(owner, server);
    await this.lookup.mayGrant(auth, scopes, owner, server);
    const recipient = await this.grantee(auth, request);
    const id = await this.dataSource.transaction(async (manager) => {
      const spawner = await this.lookup.ensureSpawner(owner, server, manager);
      await this.serialiseGrants(spawner.id, manager);
      const repository = manager.getRepository(ShareEntity);
      const existing = await repository.findOneBy(
        this.shareKey(spawner.id, spawner.userId, recipient),
      );
      if (existing) {
        const merged = [...new Set([...existing.scopes, ...scopes])].sort();
        if (merged.length !== existing.scopes.length)
          await repository.update({ id: existing.id }, { scopes: merged });
        return existing.id;
      }
      const created = await repository.save(
        repository.create({
          ...this.shareKey(spawner.id, spawner.userId, recipient),
          scopes,
          createdAt: this.clock.now(),
        }),
      );
      return created.id;
    });
    return this.modelOf(id);
  }

  /**
   * Shares have no unique key, so two grants to one recipient at once would both insert:
   * on PostgreSQL, which runs them side by side, the first to lock the server's spawner row
   * decides and the second then finds its share. SQLite runs one write at a time already.
   */
  private async serialiseGrants(spawnerId: number, manager: EntityManager): Promise<void> {
    if (manager.connection.options.type !== 'postgres') return;
    await manager
      .getRepository(SpawnerEntity)
      .findOne({ where: { id: spawnerId }, lock: { mode: 'pessimistic_write' } });
  }

  /** Revokes the listed scopes (literally), or all; `{}` when nothing is left or no such share. */
  async revoke(owner: string, server: string, body: unknown): Promise<object> {
    const request = parseShareTargetRequest(body, 'ShareRevokeRequest');
    this.checkScopesExist(request);
    const spawner = await this.lookup.spawner(owner, server);
    const recipient = spawner && (await this.recipient(request));
    if (!spawner || !recipient) return {};
    const repository = this.dataSource.getRepository(ShareEntity);
    const share = await repository.findOneBy(this.shareKey(spawner.id, spawner.userId, recipient));
    if (!share) return {};
    const revoked = request.scopes;
    const remaining = revoked ? share.scopes.filter((scope) => !revoked.includes(scope)) : [];
    if (remaining.length === share.scopes.length) return this.modelOf(share.id);
    if (!remaining.length) {
      await repository.delete({ id: share.id });
      return {};
    }
    await repository.update({ id: share.id }, { scopes: remaining });
    return this.modelOf(share.id);
  }

  async revokeAll(owner: string, server: string): Promise<void> {
    const spawner = await this.lookup.spawner(owner, server);
    if (spawner) await this.dataSource.getRepository(ShareEntity).delete({ spawnerId: spawner.id });
  }

  /** The one share of `owner/server` held by a user or group (`/users|groups/{name}/shared/...`). */
  async findShared(
    kind: 'user' | 'group',
    name: string,
    owner: string,
    server: string,
  ): Promise<ShareEntity> {
    const notFound = new HubError(404, `No such share for ${kind} ${name} on ${owner}/${server}`);
    const holderId =
      kind === 'group'
        ? (await this.requireGroup(name)).id
        : (await this.users.findByName(name))?.id;
    if (holderId === undefined) throw notFound;
    const spawner = await this.lookup.findSpawner(owner, server);
    const share =
      spawner &&
      spawner !== 'no-such-server' &&
      (await this.dataSource.getRepository(ShareEntity).findOne({
        where: this.shareKey(spawner.id, spawner.userId, { kind, id: holderId }),
        relations: RELATIONS,
      }));
    if (!share) throw notFound;
    return share;
  }

  async sharedModel(
    kind: 'user' | 'group',
    name: string,
    owner: string,
    server: string,
  ): Promise<object> {
    return shareModel(this.lookup.urls, await this.findShared(kind, name, owner, server));
  }

  async leave(kind: 'user' | 'group', name: string, owner: string, server: string): Promise<void> {
    const share = await this.findShared(kind, name, owner, server);
    await this.dataSource.getRepository(ShareEntity).delete({ id: share.id });
  }

  /** Unknown scopes would be a 500 in JupyterHub (a KeyError inside pydantic); here a 400. */
  private checkScopesExist(request: ShareTargetRequest): void {
    const missing =
      request.scopes && scopeExistenceError(request.scopes, this.ownerScopes.customScopes, 'share');
    if (missing) throw new HubError(400, missing);
  }

  /** Who receives a grant: the caller must be able to read the name, and it must exist. */
  private async grantee(auth: AuthContext, request: ShareTargetRequest): Promise<Recipient> {
    if (request.user || !request.group) {
      const name = request.user ?? '';
      if (!(await this.lookup.holdsOnUser(auth, 'read:users:name', name))) {
        throw new HubError(403, "Need scope 'read:users:name' to share with users by name");
      }
      const user = await this.users.findByName(name);
      if (!user) throw new HubError(400, `No such user: ${name}`);
      return { kind: 'user', id: user.id };
    }
    if (!auth.scopes.has('read:groups:name', { kind: 'group', name: request.group })) {
      throw new HubError(403, "Need scope 'read:groups:name' to share with groups by name");
    }
    const group = await this.dataSource
      .getRepository(GroupEntity)
      .findOneBy({ name: request.group });
    if (!group) throw new HubError(400, `No such group: ${request.group}`);
    return { kind: 'group', id: group.id };
  }

  /** The revocation target; an unknown one is the same as revoking nothing. */
  private async recipient(request: ShareTargetRequest): Promise<Recipient | null> {
    if (request.user) {
      const user = await this.users.findByName(request.user);
      return user ? { kind: 'user', id: user.id } : null;
    }
    if (!request.group) return null;
    const group = await this.dataSource
      .getRepository(GroupEntity)
      .findOneBy({ name: request.group });
    return group ? { kind: 'group', id: group.id } : null;
  }

  private shareKey(spawnerId: number, ownerId: number, recipient: Recipient): ShareKey {
    return recipient.kind === 'user'
      ? { spawnerId, ownerId, userId: recipient.id }
      : { spawnerId, ownerId, groupId: recipient.id };
  }

  private async modelOf(id: number): Promise<object> {
    const share = await this.dataSource
      .getRepository(ShareEntity)
      .findOneOrFail({ where: { id }, relations: RELATIONS });
    return shareModel(this.lookup.urls, share);
  }

  private async listPage(
    request: FastifyRequest,
    where: FindOptionsWhere<ShareEntity> | FindOptionsWhere<ShareEntity>[],
  ): Promise<object> {
    const page = this.lookup.page(request);
    const [rows, total] = await this.dataSource.getRepository(ShareEntity).findAndCount({
      where,
      relations: RELATIONS,
      order: { id: 'ASC' },
      // an absurd offset must not overflow the database's integer (a 500)
      skip: Math.min(page.offset, Number.MAX_SAFE_INTEGER),
      take: page.limit,
    });
    const items = rows.map((share) => shareModel(this.lookup.urls, share));
    return this.lookup.paginated(request, page, items, total);
  }

  private emptyPage(request: FastifyRequest): object {
    return this.lookup.paginated(request, this.lookup.page(request), [], 0);
  }

  private async requireGroup(name: string): Promise<GroupEntity> {
    const group = await this.dataSource.getRepository(GroupEntity).findOneBy({ name });
    if (!group) throw new HubError(404, `No such group: ${name}`);
    return group;
  }

  private groupIdsOf(userId: number): Promise<{ id: number }[]> {
    return this.dataSource
      .createQueryBuilder()
      .select('m.group_id', 'id')
      .from('user_group_map', 'm')
      .where('m.user_id = :userId', { userId })
      .getRawMany<{ id: number }>();
  }
}
