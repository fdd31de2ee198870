import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuthenticatorRegistry } from '@orrery/auth';
import {
  GroupEntity,
  HubConfig,
  OAuthClientEntity,
  RoleEntity,
  ServiceEntity,
  SpawnerEntity,
  UserEntity,
} from '@orrery/core';
import { CustomScopes, resolveConfiguredRoles, RoleDef } from '@orrery/rbac';
import { ManagedServices } from '@orrery/spawn';
import { DataSource, EntityManager, In, IsNull, Not } from 'typeorm';
import { AuthCache, isValidUsername, RolesService, UsersService } from '@orrery/api';
import { WarmPool } from '../pool/warm-pool.service';
import { HubProxyService } from '../proxy/hub-proxy.service';
import { ServiceTokensInitializer } from './service-tokens.initializer';
import { StartupConfigError } from './startup-config-error';

const BUILTIN_ROLES = new Set(['user', 'admin', 'server', 'token']);

/**
 * Makes the database agree with the config file at every start, in one transaction:
 * the built-in OAuth client, default and configured roles, admin and allowed users,
 * configured groups, services and their tokens, and role assignments; then it starts the
 * proxy (in-process, or the external one), syncs its routes, and starts managed services.
 */
@Injectable()
export class HubStateInitializer implements OnApplicationBootstrap {
  private readonly logger = new Logger('startup');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(RolesService) private readonly roles: RolesService,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(ServiceTokensInitializer) private readonly serviceTokens: ServiceTokensInitializer,
    @Inject(AuthCache) private readonly authCache: AuthCache,
    @Inject(HubProxyService) private readonly proxy: HubProxyService,
    @Inject(ManagedServices) private readonly managedServices: ManagedServices,
    @Inject(AuthenticatorRegistry) private readonly registry: AuthenticatorRegistry,
    @Inject(WarmPool) private readonly pool: WarmPool,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const managedTokens = await this.dataSource.transaction(async (manager) => {
      await this.ensureHubClient(manager);
      await this.syncRoles(manager);
      await this.syncUsers(manager);
      await this.syncGroups(manager);
      const tokens = await this.serviceTokens.syncServices(manager);
      await this.assignConfiguredRoles(manager);
      await this.serviceTokens.syncUserTokens(manager);
      return tokens;
    });
    this.authCache.invalidate();
    this.logger.log('database agrees with the configuration');
    // routes are derived from the database, so the proxy comes after the sync
    await this.proxy.start();
    // as JupyterHub, managed services start last; one that does not come up stops the start
    try {
      await this.managedServices.start(managedTokens);
    } catch (error) {
      // the hub never finishes starting, so no shutdown hook would stop the proxy it started
      await this.proxy.onApplicationShutdown();
      throw error;
    }
    // in the background: the pool's servers must not hold up the start
    this.pool.fill();
  }

  private async ensureHubClient(manager: EntityManager): Promise<void> {
    const clients = manager.getRepository(OAuthClientEntity);
    if (!(await clients.findOneBy({ identifier: 'jupyterhub' }))) {
      await clients.save(
        clients.create({
          identifier: 'jupyterhub',
          description: 'JupyterHub',
          secret: '',
          redirectUri: '',
          allowedScopes: [],
        }),
      );
    }
  }

  /** Default roles merged with load_roles and validated, by the RBAC library's rules. */
  private configuredRoles(): RoleDef[] {
    try {
      return resolveConfiguredRoles(this.config.JupyterHub.load_roles, {
        extraUserScopes: this.config.JupyterHub.extra_user_scopes,
        custom: this.config.JupyterHub.custom_scopes as CustomScopes,
      });
    } catch (error) {
      throw new StartupConfigError(`JupyterHub.load_roles: ${(error as Error).message}`);
    }
  }

  private async syncRoles(manager: EntityManager): Promise<void> {
    const repository = manager.getRepository(RoleEntity);
    const wanted = this.configuredRoles();
    for (const role of wanted) {
      const existing = await repository.findOneBy({ name: role.name });
      const description = role.description ?? existing?.description ?? null;
      if (existing)
        await repository.update({ id: existing.id }, { scopes: role.scopes, description });
      else
        await repository.save(
          repository.create({
            name: role.name,
            scopes: role.scopes,
            description,
            managedByAuth: false,
          }),
        );
    }
    await repository.delete({
      name: Not(In(wanted.map((role) => role.name))),
      managedByAuth: false,
    });
  }

  private async syncUsers(manager: EntityManager): Promise<void> {
    await this.checkUserNames(manager);
    const { admin_users, allowed_users } = this.config.Authenticator;
    for (const name of this.configuredNames('allowed_users', allowed_users))
      await this.users.ensure(name, manager);
    for (const name of this.configuredNames('admin_users', admin_users))
      await this.users.setAdmin(await this.users.ensure(name, manager), true, manager);
  }

  /**
   * Names of `admin_users` or `allowed_users` as a login would make them (normalised), so the
   * account created here is the one its owner logs in to; a name no login could have (`..`,
   * control characters) stops the hub instead of becoming an account.
   */
  private configuredNames(key: string, names: readonly string[]): string[] {
    const normal = names.map((name) => this.registry.normalizeUsername(name));
    const invalid = names.filter((_, i) => !this.registry.isValidName(normal[i], isValidUsername));
    if (invalid.length) {
      throw new StartupConfigError(
        `Authenticator.${key}: invalid user names ${invalid.map((name) => JSON.stringify(name)).join(', ')}`,
      );
    }
    return normal;
  }

  /**
   * As JupyterHub at start: users whose names the authenticator no longer accepts (a new
   * `username_pattern`) stop the hub, or are deleted with `delete_invalid_users`. A user
   * with a running server is never deleted here: that would orphan the server.
   */
  private async checkUserNames(manager: EntityManager): Promise<void> {
    const users = await manager
      .getRepository(UserEntity)
      .find({ select: { id: true, name: true } });
    const invalid = users.filter((user) => !this.registry.isValidName(user.name, isValidUsername));
    if (invalid.length === 0) return;
    const names = invalid.map((user) => user.name).join(', ');
    if (!this.config.Authenticator.delete_invalid_users) {
      throw new StartupConfigError(
        `users in the database have names the authenticator does not accept: ${names}; ` +
          'set Authenticator.delete_invalid_users: true to delete them',
      );
    }
    const running = await manager.getRepository(SpawnerEntity).find({
      where: { userId: In(invalid.map((user) => user.id)), serverId: Not(IsNull()) },
    });
    if (running.length) {
      throw new StartupConfigError(
        `delete_invalid_users: ${names} include users with running servers; stop them first`,
      );
    }
    await manager.getRepository(UserEntity).delete({ id: In(invalid.map((user) => user.id)) });
    this.logger.warn(`deleted users whose names are no longer valid: ${names}`);
  }

  private async syncGroups(manager: EntityManager): Promise<void> {
    const repository = manager.getRepository(GroupEntity);
    for (const [name, spec] of Object.entries(this.config.JupyterHub.load_groups)) {
      const group =
        (await repository.findOneBy({ name })) ??
        (await repository.save(repository.create({ name, properties: {} })));
      if (Object.keys(spec.properties).length)
        await repository.save({ ...group, properties: spec.properties });
      for (const userName of spec.users) {
        const user = await this.users.ensure(userName, manager);
        const already = await manager
          .createQueryBuilder()
          .select('m.user_id')
          .from('user_group_map', 'm')
          .where('m.user_id = :userId AND m.group_id = :groupId', {
            userId: user.id,
            groupId: group.id,
          })
          .getRawOne();
        if (!already)
          await manager
            .createQueryBuilder()
            .relation(GroupEntity, 'users')
            .of(group.id)
            .add(user.id);
      }
    }
  }

  /** load_roles is authoritative for the holders of the roles it lists (except the built-in ones). */
  private async assignConfiguredRoles(manager: EntityManager): Promise<void> {
    for (const spec of this.config.JupyterHub.load_roles) {
      const userIds = await this.idsOf(manager, 'user', spec.users ?? [], spec.name);
      const groupIds = await this.idsOf(manager, 'group', spec.groups ?? [], spec.name);
      const serviceIds = await this.idsOf(manager, 'service', spec.services ?? [], spec.name);
      if (spec.name === 'admin') {
        for (const name of spec.users ?? [])
          await this.users.setAdmin(await this.users.ensure(name, manager), true, manager);
      }
      if (BUILTIN_ROLES.has(spec.name)) {
        for (const id of groupIds) await this.roles.assign('group', id, spec.name, manager);
        for (const id of serviceIds) await this.roles.assign('service', id, spec.name, manager);
        continue;
      }
      await this.roles.setHolders('user', spec.name, userIds, manager);
      await this.roles.setHolders('group', spec.name, groupIds, manager);
      await this.roles.setHolders('service', spec.name, serviceIds, manager);
    }
  }

  private async idsOf(
    manager: EntityManager,
    kind: 'user' | 'group' | 'service',
    names: string[],
    role: string,
  ): Promise<number[]> {
    if (kind === 'user')
      return Promise.all(names.map(async (name) => (await this.users.ensure(name, manager)).id));
    const entity = kind === 'group' ? GroupEntity : ServiceEntity;
    const found = names.length
      ? await manager.getRepository(entity).findBy({ name: In(names) })
      : [];
    const missing = names.filter((name) => !found.some((row) => row.name === name));
    if (missing.length) {
      throw new StartupConfigError(
        `JupyterHub.load_roles: role ${role} names unknown ${kind}s: ${missing.join(', ')}`,
      );
    }
    return found.map((row) => row.id);
  }
}
