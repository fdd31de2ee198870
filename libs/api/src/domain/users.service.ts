import { Inject, Injectable } from '@nestjs/common';
import { Clock, HubError, isUniqueViolation, UserEntity } from '@orrery/core';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { userByName } from '../models/user-rows';
import { RolesService } from './roles.service';

/** Creating and changing users: the steps every caller needs (cookie id, default roles). */
@Injectable()
export class UsersService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(RolesService) private readonly roles: RolesService,
  ) {}

  /** Outside a transaction this is one prepared statement (it is on every per-user request). */
  async findByName(name: string, manager?: EntityManager): Promise<UserEntity | null> {
    if (!manager) return userByName(this.dataSource, name);
    return manager.getRepository(UserEntity).findOneBy({ name });
  }

  async requireByName(name: string, manager?: EntityManager): Promise<UserEntity> {
    const user = await this.findByName(name, manager);
    if (!user) throw new HubError(404, `No such user: ${name}`);
    return user;
  }

  async findManyByName(
    names: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<UserEntity[]> {
    return names.length ? manager.getRepository(UserEntity).findBy({ name: In(names) }) : [];
  }

  /** Create a user with the `user` role (and `admin` if asked). Callers validate the name. */
  async create(
    name: string,
    admin = false,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<UserEntity> {
    const user = await manager.getRepository(UserEntity).save(
      manager.getRepository(UserEntity).create({
        name,
        admin,
        created: this.clock.now(),
        lastActivity: null,
        cookieId: randomUUID().replace(/-/g, ''),
        encryptedAuthState: null,
        userInfo: null,
      }),
    );
    await this.roles.assign('user', user.id, 'user', manager);
    if (admin) await this.roles.assign('user', user.id, 'admin', manager);
    return user;
  }

  /**
   * The existing user, or a new one. Outside a transaction, a concurrent request (two first
   * logins of one name) that created it first makes that user the answer; inside one, the
   * caller's transaction fails and is the caller's to retry.
   */
  async ensure(name: string, manager?: EntityManager): Promise<UserEntity> {
    const existing = await this.findByName(name, manager);
    if (existing) return existing;
    if (manager) return this.create(name, false, manager);
    try {
      return await this.dataSource.transaction((inner) => this.create(name, false, inner));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      return this.requireByName(name);
    }
  }

  /**
   * A new users.cookie_id: every login cookie signed for the old one stops working on its next
   * request (logout, password change). Answers the new id, for the browser that stays logged in.
   */
  async rotateCookieId(userId: number): Promise<string> {
    const cookieId = randomUUID().replace(/-/g, '');
    await this.dataSource.getRepository(UserEntity).update({ id: userId }, { cookieId });
    return cookieId;
  }

  async setAdmin(
    user: UserEntity,
    admin: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    if (user.admin !== admin) {
      await manager.getRepository(UserEntity).update({ id: user.id }, { admin });
      user.admin = admin;
    }
    await this.roles.syncAdmin('user', user.id, admin, manager);
  }
}
