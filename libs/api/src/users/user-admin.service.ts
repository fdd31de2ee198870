import { Inject, Injectable } from '@nestjs/common';
import {
  AuthStateCrypt,
  HubError,
  retryOnceOnUniqueViolation,
  SpawnerEntity,
  UserEntity,
} from '@orrery/core';
import { SpawnOrchestrator, SpawnRecords } from '@orrery/spawn';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import { UsersService } from '../domain/users.service';

/**
 * Auth state is only ever stored encrypted. JupyterHub without encryption keys fails such a
 * PATCH with a 500; this answers 400 with the reason.
 */
export const AUTH_STATE_UNAVAILABLE =
  'Encryption keys must be specified in JUPYTERHUB_CRYPT_KEY env';

export interface UserChanges {
  name?: string;
  admin?: boolean;
  /** in clear; stored encrypted */
  authState?: Record<string, unknown>;
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
    @Inject(SpawnOrchestrator) private readonly orchestrator: SpawnOrchestrator,
    @Inject(SpawnRecords) private readonly spawners: SpawnRecords,
    @Inject(AuthStateCrypt) private readonly crypt: AuthStateCrypt,
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
    if (changes.authState !== undefined && !this.crypt.available) {
      throw new HubError(400, AUTH_STATE_UNAVAILABLE);
    }
    const encryptedAuthState = changes.authState && this.crypt.encrypt(changes.authState);
    return this.transactionWithRecheck(async (manager) => {
      if (changes.name !== undefined && changes.name !== user.name) {
        await this.refuseTakenName(changes.name, manager);
        await manager.getRepository(UserEntity).update({ id: user.id }, { name: changes.name });
        user.name = changes.name;
      }
      if (changes.admin !== undefined) await this.users.setAdmin(user, changes.admin, manager);
      if (encryptedAuthState !== undefined) {
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

  /** `DELETE /users/{name}`: stops the default server, then deletes the user. */
  async deleteStoppingDefaultServer(user: UserEntity): Promise<void> {
    await this.stopDefaultServer(user);
    await this.delete(user);
  }

  /**
   * JupyterHub stops the default server before deleting its user (named ones must be stopped
   * first). A start in progress is cancelled, where JupyterHub would fail with a 500.
   */
  async stopDefaultServer(user: UserEntity): Promise<void> {
    const stopping = new HubError(
      400,
      `${user.name}'s server is in the process of stopping, please wait.`,
    );
    const spawner = await this.spawners.findSpawner(user.id, '');
    if (!spawner) return;
    const pending = this.orchestrator.pending(spawner.id);
    if (pending === 'stop') throw stopping;
    if (spawner.serverId === null && !pending) return;
    if ((await this.orchestrator.stop(user, spawner)) === 'pending') throw stopping;
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
