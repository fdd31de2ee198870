import { Inject, Injectable } from '@nestjs/common';
import { GroupEntity, UserEntity } from '@orrery/core';
import { filterGroupModel, ScopeSet } from '@orrery/rbac';
import { DataSource, EntityManager } from 'typeorm';
import { RolesService } from '../domain/roles.service';

export type GroupModel = Record<string, unknown>;

/**
 * JupyterHub's group model (kind, name, users, roles, properties) for many groups with two
 * queries (members, roles), then only the fields the caller's scopes reveal.
 */
@Injectable()
export class GroupModelService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(RolesService) private readonly roles: RolesService,
  ) {}

  async models(
    groups: GroupEntity[],
    scopes: ScopeSet,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<GroupModel[]> {
    const ids = groups.map((group) => group.id);
    const [members, roles] = await Promise.all([
      this.memberNamesOf(ids, manager),
      this.roles.roleNamesOf('group', ids, manager),
    ]);
    return groups.map((group) =>
      filterGroupModel(
        {
          kind: 'group',
          name: group.name,
          users: members.get(group.id) ?? [],
          roles: roles.get(group.id) ?? [],
          properties: group.properties ?? {},
        },
        scopes,
      ),
    );
  }

  async model(
    group: GroupEntity,
    scopes: ScopeSet,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<GroupModel> {
    return (await this.models([group], scopes, manager))[0];
  }

  private async memberNamesOf(
    groupIds: number[],
    manager: EntityManager,
  ): Promise<Map<number, string[]>> {
    const result = new Map<number, string[]>(groupIds.map((id) => [id, []]));
    if (!groupIds.length) return result;
    const rows: { group_id: number; name: string }[] = await manager
      .createQueryBuilder()
      .select('m.group_id', 'group_id')
      .addSelect('u.name', 'name')
      .from('user_group_map', 'm')
      .innerJoin(UserEntity, 'u', 'u.id = m.user_id')
      .where('m.group_id IN (:...groupIds)', { groupIds })
      .orderBy('u.name')
      .getRawMany();
    for (const row of rows) result.get(Number(row.group_id))?.push(row.name);
    return result;
  }
}
