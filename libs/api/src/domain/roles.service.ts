import { Inject, Injectable } from '@nestjs/common';
import { GroupEntity, RoleEntity, ServiceEntity, UserEntity } from '@orrery/core';
import { DataSource, EntityManager } from 'typeorm';

type RoleHolder = 'user' | 'group' | 'service';
const MAP_TABLE: Record<RoleHolder, { table: string; column: string }> = {
  user: { table: 'user_role_map', column: 'user_id' },
  group: { table: 'group_role_map', column: 'group_id' },
  service: { table: 'service_role_map', column: 'service_id' },
};
const ENTITY = { user: UserEntity, group: GroupEntity, service: ServiceEntity } as const;

/**
 * Role rows and their assignment to users, groups and services. Every user holds `user`;
 * the `admin` role follows the admin flag of users and services.
 */
@Injectable()
export class RolesService {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async roleNamesOf(
    holder: RoleHolder,
    ids: number[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Map<number, string[]>> {
    const result = new Map<number, string[]>(ids.map((id) => [id, []]));
    if (!ids.length) return result;
    const { table, column } = MAP_TABLE[holder];
    const rows: { holder_id: number; name: string }[] = await manager
      .createQueryBuilder()
      .select(`m.${column}`, 'holder_id')
      .addSelect('r.name', 'name')
      .from(table, 'm')
      .innerJoin(RoleEntity, 'r', 'r.id = m.role_id')
      .where(`m.${column} IN (:...ids)`, { ids })
      .orderBy('r.name')
      .getRawMany();
    for (const row of rows) result.get(Number(row.holder_id))?.push(row.name);
    return result;
  }

  async assign(
    holder: RoleHolder,
    id: number,
    roleName: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    const roleId = await this.roleId(roleName, manager);
    const { table, column } = MAP_TABLE[holder];
    await manager
      .createQueryBuilder()
      .insert()
      .into(table)
      .values({ [column]: id, role_id: roleId })
      // held already (or given by a concurrent request): that is the wanted state
      .orIgnore()
      .execute();
  }

  async unassign(
    holder: RoleHolder,
    id: number,
    roleName: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .relation(ENTITY[holder], 'roles')
      .of(id)
      .remove(await this.roleId(roleName, manager));
  }

  /** Make the `admin` role assignment agree with the admin flag. */
  async syncAdmin(
    holder: 'user' | 'service',
    id: number,
    admin: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    if (admin) await this.assign(holder, id, 'admin', manager);
    else await this.unassign(holder, id, 'admin', manager);
  }

  /** Replace the set of holders of one role (load_roles is authoritative for the roles it names). */
  async setHolders(
    holder: RoleHolder,
    roleName: string,
    ids: number[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    const roleId = await this.roleId(roleName, manager);
    const { table, column } = MAP_TABLE[holder];
    await manager
      .createQueryBuilder()
      .delete()
      .from(table)
      .where('role_id = :roleId', { roleId })
      .execute();
    if (ids.length) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(table)
        .values(ids.map((id) => ({ role_id: roleId, [column]: id })))
        .execute();
    }
  }

  async roleId(name: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const role = await manager.getRepository(RoleEntity).findOneByOrFail({ name });
    return role.id;
  }
}
