import { Inject, Injectable } from '@nestjs/common';
import { HubError, retryOnceOnUniqueViolation, SpawnerEntity, UserEntity } from '@orrery/core';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { UsersService } from '../domain/users.service';

export interface UserChanges {
  name?: string;
  admin?: boolean;
  /** already encrypted */
  encryptedAuthState?: string;
}

/**
 * The writes behind `/users` and `/users/{name}`. Callers validate first; each method is one
 * transaction that re-checks what a concurrent request could have changed, so a failed
 * request leaves the database as it was. A concurrent request that inserts the same name
 * between the check and the insert makes the transaction run once more, when the check sees
 * that name and answers JupyterHub's conflict.
 */
@Injectable()
export class UserAdminService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  /** Creates the names that do not exist yet (in order, once each); 409 when none is new. */
  async createMany(names: readonly string[], admin: boolean): Promise<UserEntity[]> {
    return this.transactionWithRecheck(async (manager) => {
      const existing = new Set(
        (await this.users.findManyByName([...new Set(names)], manager)).map((user) => user.name),
      );
      const toCreate = [...new Set(names)].filter((name) => !existing.has(name));
      if (!toCreate.length) throw new HubError(409, `All ${names.length} users already exist`);
      const created: UserEntity[] = [];
      for (const name of toCreate) created.push(await this.users.create(name, admin, manager));
      return created;
    });
  }

  async createOne(name: string, admin: boolean): Promise<UserEntity> {
    return this.transactionWithRecheck(async (manager) => {
      await this.refuseExisting(name, manager);
      return this.users.create(name, admin, manager);
    });
  }

  async refuseExisting(name: string, manager: EntityManager = this.dataSource.manager) {
    if (await this.users.findByName(name, manager)) {
      throw new HubError(409, `User ${name} already exists`);
    }
  }

  async update(user: UserEntity, changes: UserChanges): Promise<UserEntity> {
    return this.transactionWithRecheck(async (manager) => {
      if (changes.name !== undefined && changes.name !== user.name) {
        await this.refuseTakenName(changes.name, manager);
        await manager.getRepository(UserEntity).update({ id: user.id }, { name: changes.name });
        user.name = changes.name;
      }
      if (changes.admin !== undefined) await this.users.setAdmin(user, changes.admin, manager);
      if (changes.encryptedAuthState !== undefined) {
        const encryptedAuthState = changes.encryptedAuthState;
        await manager.getRepository(UserEntity).update({ id: user.id }, { encryptedAuthState });
        user.encryptedAuthState = encryptedAuthState;
      }
      return user;
    });
  }

  async refuseTakenName(name: string, manager: EntityManager = this.dataSource.manager) {
    if (await this.users.findByName(name, manager)) {
      throw new HubError(400, `User ${name} already exists, username must be unique`);
    }
  }

  /**
   * Deletes the user with everything it owns (tokens, spawners, roles, shares cascade). The
   * caller has stopped the default server; a user with another active server is refused
   * rather than leaving its process unmanaged.
   */
  async delete(user: UserEntity): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const active = await manager.getRepository(SpawnerEntity).find({
        where: { userId: user.id, serverId: Not(IsNull()) },
        order: { name: 'ASC' },
      });
      if (active.length) {
        const servers = active.map((spawner) => `${user.name}/${spawner.name}`).join(', ');
        throw new HubError(400, `Cannot delete user ${user.name} with active servers: ${servers}`);
      }
      const deleted = await manager.getRepository(UserEntity).delete({ id: user.id });
      // a concurrent request deleted it first: JupyterHub's answer for a user that is gone
      if (!deleted.affected) throw new HubError(404, `No such user: ${user.name}`);
    });
  }

  private transactionWithRecheck<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return retryOnceOnUniqueViolation(() => this.dataSource.transaction(work));
  }
}
