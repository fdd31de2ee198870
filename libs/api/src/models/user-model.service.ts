import { Inject, Injectable } from '@nestjs/common';
import { GroupEntity, HubConfig, isoformat, SpawnerEntity, UserEntity } from '@orrery/core';
import { filterUserModel, ScopeSet } from '@orrery/rbac';
import { DataSource, In } from 'typeorm';
import { RolesService } from '../domain/roles.service';
import { ServerUrls, serverModel, serverPrefix } from './server-model';

export interface UserModelOptions {
  includeStoppedServers?: boolean;
}

/**
 * Builds JupyterHub's user model for many users with a fixed number of queries (roles,
 * groups, spawners), then keeps only the fields the caller's scopes reveal.
 */
@Injectable()
export class UserModelService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(RolesService) private readonly roles: RolesService,
  ) {}

  get urls(): ServerUrls {
    const baseUrl = this.config.JupyterHub.base_url;
    return { baseUrl, hubPrefix: `${baseUrl}hub/` };
  }

  async fullModels(
    users: UserEntity[],
    options: UserModelOptions = {},
  ): Promise<Record<string, unknown>[]> {
    const ids = users.map((user) => user.id);
    const [roles, groups, spawners] = await Promise.all([
      this.roles.roleNamesOf('user', ids),
      this.groupNamesOf(ids),
      this.spawnersOf(ids),
    ]);
    return users.map((user) => {
      const own = spawners.get(user.id) ?? [];
      const visible = options.includeStoppedServers
        ? own
        : own.filter((spawner) => spawner.serverId !== null);
      const defaultServer = own.find((spawner) => spawner.name === '' && spawner.serverId !== null);
      return {
        kind: 'user',
        name: user.name,
        admin: user.admin,
        roles: roles.get(user.id) ?? [],
        groups: groups.get(user.id) ?? [],
        server: defaultServer ? serverPrefix(this.urls, user.name, '') : null,
        pending: null,
        created: isoformat(user.created),
        last_activity: isoformat(user.lastActivity),
        user_info: user.userInfo,
        auth_state: null,
        servers: Object.fromEntries(
          visible.map((spawner) => [
            spawner.name,
            serverModel(this.urls, user.name, spawner, null),
          ]),
        ),
      };
    });
  }

  async models(
    users: UserEntity[],
    scopes: ScopeSet,
    options: UserModelOptions = {},
  ): Promise<Record<string, unknown>[]> {
    const full = await this.fullModels(users, options);
    return full.map((model) =>
      filterUserModel(model as Parameters<typeof filterUserModel>[0], scopes),
    );
  }

  async model(
    user: UserEntity,
    scopes: ScopeSet,
    options: UserModelOptions = {},
  ): Promise<Record<string, unknown>> {
    return (await this.models([user], scopes, options))[0];
  }

  private async groupNamesOf(userIds: number[]): Promise<Map<number, string[]>> {
    const result = new Map<number, string[]>(userIds.map((id) => [id, []]));
    if (!userIds.length) return result;
    const rows: { user_id: number; name: string }[] = await this.dataSource
      .createQueryBuilder()
      .select('m.user_id', 'user_id')
      .addSelect('g.name', 'name')
      .from('user_group_map', 'm')
      .innerJoin(GroupEntity, 'g', 'g.id = m.group_id')
      .where('m.user_id IN (:...userIds)', { userIds })
      .orderBy('g.name')
      .getRawMany();
    for (const row of rows) result.get(Number(row.user_id))?.push(row.name);
    return result;
  }

  private async spawnersOf(userIds: number[]): Promise<Map<number, SpawnerEntity[]>> {
    const result = new Map<number, SpawnerEntity[]>();
    if (!userIds.length) return result;
    const spawners = await this.dataSource
      .getRepository(SpawnerEntity)
      .findBy({ userId: In(userIds) });
    for (const spawner of spawners) {
      const list = result.get(spawner.userId) ?? [];
      list.push(spawner);
      result.set(spawner.userId, list);
    }
    return result;
  }
}
