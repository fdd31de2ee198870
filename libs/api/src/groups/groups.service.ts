import { Inject, Injectable } from '@nestjs/common';
import { GroupEntity, HubError, isUniqueViolation, UserEntity } from '@orrery/core';
import { DataSource, EntityManager, In } from 'typeorm';
import { UsersService } from '../domain/users.service';

const MEMBERS = 'user_group_map';
/** Rows per statement: SQLite allows at most 32766 bound parameters in one. */
const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Creating, deleting and changing groups. Every change is one transaction that checks all
 * of its input before it writes, so a refused request leaves the database as it was.
 */
@Injectable()
export class GroupsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  async findByName(
    name: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<GroupEntity | null> {
    return manager.getRepository(GroupEntity).findOneBy({ name });
  }

  async requireByName(
    name: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<GroupEntity> {
    const group = await this.findByName(name, manager);
    if (!group) throw new HubError(404, `No such group: ${name}`);
    return group;
  }

  /** New groups, each with the same members; 409 if any exists, 400 if a user does not. */
  async create(names: string[], userNames: string[]): Promise<GroupEntity[]> {
    try {
      return await this.createChecked(names, userNames);
    } catch (error) {
      // a concurrent request created one of the names between our check and our insert
      if (isUniqueViolation(error)) {
        const which = names.length === 1 ? names[0] : `in ${names.join(', ')}`;
        throw new HubError(409, `Group ${which} already exists`);
      }
      throw error;
    }
  }

  private async createChecked(names: string[], userNames: string[]): Promise<GroupEntity[]> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(GroupEntity);
      const taken = new Set<string>();
      for (const part of chunks([...new Set(names)])) {
        for (const group of await repository.findBy({ name: In(part) })) taken.add(group.name);
      }
      // a name given twice exists by the time JupyterHub reaches its second mention
      const conflict = names.find((name) => {
        if (taken.has(name)) return true;
        taken.add(name);
        return false;
      });
      if (conflict !== undefined) throw new HubError(409, `Group ${conflict} already exists`);
      const members = await this.resolveUsers(userNames, manager);
      const created: GroupEntity[] = [];
      for (const name of names) {
        const group = await repository.save(repository.create({ name, properties: {} }));
        await this.insertMembers(group.id, members, manager);
        created.push(group);
      }
      return created;
    });
  }

  async remove(group: GroupEntity): Promise<void> {
    await this.dataSource.getRepository(GroupEntity).delete({ id: group.id });
  }

  /** Adds users; those already members are left as they are. */
  async addUsers(group: GroupEntity, userNames: string[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const users = await this.resolveUsers(userNames, manager);
      const current = await this.memberIds(group.id, manager);
      await this.insertMembers(
        group.id,
        users.filter((user) => !current.has(user.id)),
        manager,
      );
    });
  }

  /** Removes users; those not members are ignored, unknown users are refused. */
  async removeUsers(group: GroupEntity, userNames: string[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const users = await this.resolveUsers(userNames, manager);
      for (const part of chunks(users)) {
        await manager
          .createQueryBuilder()
          .delete()
          .from(MEMBERS)
          .where('group_id = :groupId AND user_id IN (:...userIds)', {
            groupId: group.id,
            userIds: part.map((user) => user.id),
          })
          .execute();
      }
    });
  }

  async setProperties(group: GroupEntity, properties: Record<string, unknown>): Promise<void> {
    // save(), not update(): the JSON column is serialised by the entity's column type
    await this.dataSource.getRepository(GroupEntity).save({ ...group, properties });
    group.properties = properties;
  }

  /** The users named, once each, in the order given; 400 for the first that does not exist. */
  private async resolveUsers(names: string[], manager: EntityManager): Promise<UserEntity[]> {
    const unique = [...new Set(names)];
    const found: UserEntity[] = [];
    for (const part of chunks(unique))
      found.push(...(await this.users.findManyByName(part, manager)));
    const byName = new Map(found.map((user) => [user.name, user]));
    const missing = unique.find((name) => !byName.has(name));
    if (missing !== undefined) throw new HubError(400, `No such user: ${missing}`);
    return unique.map((name) => byName.get(name) as UserEntity);
  }

  private async memberIds(groupId: number, manager: EntityManager): Promise<Set<number>> {
    const rows: { user_id: number }[] = await manager
      .createQueryBuilder()
      .select('m.user_id', 'user_id')
      .from(MEMBERS, 'm')
      .where('m.group_id = :groupId', { groupId })
      .getRawMany();
    return new Set(rows.map((row) => Number(row.user_id)));
  }

  private async insertMembers(
    groupId: number,
    users: UserEntity[],
    manager: EntityManager,
  ): Promise<void> {
    for (const part of chunks(users)) {
      await manager
        .createQueryBuilder()
        .insert()
        .into(MEMBERS)
        .values(part.map((user) => ({ group_id: groupId, user_id: user.id })))
        // a concurrent request may have added the same member: that is the wanted state
        .orIgnore()
        .execute();
    }
  }
}
