import { Inject, Injectable } from '@nestjs/common';
import {
  AuthStateCrypt,
  HubConfig,
  isoformat,
  SpawnerEntity,
  subdomainHostOf,
  UserEntity,
} from '@orrery/core';
import { filterUserModel, ScopeSet } from '@orrery/rbac';
import { SpawnStates } from '@orrery/spawn';
import { DataSource } from 'typeorm';
import { ServerUrls, serverModel, serverUrl } from './server-model';
import { groupNamesByUser, roleNamesByUser, spawnersByUser } from './user-rows';

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
    @Inject(SpawnStates) private readonly spawnStates: SpawnStates,
    @Inject(AuthStateCrypt) private readonly crypt: AuthStateCrypt,
  ) {}

  get urls(): ServerUrls {
    const baseUrl = this.config.JupyterHub.base_url;
    const subdomain = subdomainHostOf(this.config.JupyterHub.subdomain_host);
    return { baseUrl, hubPrefix: `${baseUrl}hub/`, subdomain };
  }

  async fullModels(
    users: UserEntity[],
    options: UserModelOptions = {},
  ): Promise<Record<string, unknown>[]> {
    const ids = users.map((user) => user.id);
    const [roles, groups, spawners] = await Promise.all([
      roleNamesByUser(this.dataSource, ids),
      groupNamesByUser(this.dataSource, ids),
      spawnersByUser(this.dataSource, ids),
    ]);
    return users.map((user) => {
      const own = spawners.get(user.id) ?? [];
      const pending = (spawner: SpawnerEntity) => this.spawnStates.pending(spawner.id);
      const visible = options.includeStoppedServers
        ? own
        : own.filter((spawner) => spawner.serverId !== null || pending(spawner));
      const defaultServer = own.find((spawner) => spawner.name === '');
      const defaultPending = defaultServer ? pending(defaultServer) : null;
      const defaultReady = defaultServer?.serverId != null && !defaultPending;
      return {
        kind: 'user',
        name: user.name,
        admin: user.admin,
        roles: roles.get(user.id) ?? [],
        groups: groups.get(user.id) ?? [],
        server: defaultReady ? serverUrl(this.urls, user.name, '') : null,
        pending: defaultPending,
        created: isoformat(user.created),
        last_activity: isoformat(user.lastActivity),
        user_info: user.userInfo,
        // decrypted for every model; only admin:auth_state keeps it (filterUserModel)
        auth_state: user.encryptedAuthState ? this.crypt.decrypt(user.encryptedAuthState) : null,
        servers: Object.fromEntries(
          visible.map((spawner) => [
            spawner.name,
            serverModel(this.urls, user.name, spawner, pending(spawner)),
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
}
