import { Inject, Injectable } from '@nestjs/common';
import { HubConfig, HubError, isUniqueViolation, SpawnerEntity, UserEntity } from '@orrery/core';
import { ScopeSet } from '@orrery/rbac';
import { SpawnOrchestrator, SpawnRecords, serverLogName } from '@orrery/spawn';
import { pythonRepr } from '../http/python-values';
import { UsersService } from '../domain/users.service';
import { serverModel } from '../models/server-model';
import { UserModelService } from '../models/user-model.service';
import { checkNamedServer, parseServerBody } from './server-body';

const PATCH_KEYS = ['display_name', 'name', 'user_options'];

/**
 * The server endpoints' work between parsing and the orchestrator: JupyterHub's checks and
 * messages for named servers, creating (PUT), changing (PATCH) and reading server models.
 */
@Injectable()
export class ServerRequests {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(SpawnRecords) private readonly records: SpawnRecords,
    @Inject(SpawnOrchestrator) private readonly orchestrator: SpawnOrchestrator,
    @Inject(UserModelService) private readonly userModels: UserModelService,
  ) {}

  /** The user, or JupyterHub's bare 404. */
  async user(name: string): Promise<UserEntity> {
    const user = await this.users.findByName(name);
    if (!user) throw new HubError(404);
    return user;
  }

  async spawner(user: UserEntity, serverName: string): Promise<SpawnerEntity> {
    const spawner = await this.records.findSpawner(user.id, serverName);
    if (!spawner) throw new HubError(404);
    return spawner;
  }

  /** The server model; `state` only with `admin:server_state` on that server. */
  model(user: UserEntity, spawner: SpawnerEntity, scopes: ScopeSet): Record<string, unknown> {
    const model = serverModel(
      this.userModels.urls,
      user.name,
      spawner,
      this.orchestrator.pending(spawner.id),
    );
    const resource = { kind: 'server' as const, user: user.name, server: spawner.name };
    if (!scopes.has('admin:server_state', resource)) delete model.state;
    return model;
  }

  async checkNamed(user: UserEntity, serverName: string, displayName: string, checkLimit = true) {
    const exists = (await this.records.findSpawner(user.id, serverName)) !== null;
    checkNamedServer(
      user.name,
      serverName,
      displayName,
      {
        allowNamedServers: this.config.JupyterHub.allow_named_servers,
        limit: this.config.JupyterHub.named_server_limit_per_user,
        namedCount: await this.records.namedSpawnerCount(user.id),
        exists,
      },
      checkLimit,
    );
  }

  /** PUT: a named server that exists but is not started (JupyterHub 6). */
  async create(user: UserEntity, serverName: string, body: unknown): Promise<SpawnerEntity> {
    if (!serverName) throw new HubError(409, `User ${user.name} already has a default server`);
    if (await this.records.findSpawner(user.id, serverName)) {
      throw new HubError(409, `User ${user.name} already has server ${serverName}`);
    }
    const parsed = parseServerBody(body);
    const displayName = parsed.display_name || serverName;
    await this.checkNamed(user, serverName, displayName);
    const spawner = await this.records.createSpawner(user.id, serverName, displayName);
    // a concurrent PUT or start created it after our check
    if (!spawner) throw new HubError(409, `User ${user.name} already has server ${serverName}`);
    if (parsed.user_options && Object.keys(parsed.user_options).length) {
      await this.records.updateSpawner(spawner.id, { userOptions: parsed.user_options });
      spawner.userOptions = parsed.user_options;
    }
    return spawner;
  }

  /** PATCH: rename, display name, user_options of a server that is not active. */
  async change(user: UserEntity, serverName: string, raw: unknown): Promise<SpawnerEntity> {
    const body = (raw ?? {}) as Record<string, unknown>;
    const keys = Object.keys(body);
    if (!keys.length) throw new HubError(400, 'Must specify at least one field to modify.');
    const unexpected = keys.filter((key) => !PATCH_KEYS.includes(key));
    if (unexpected.length) {
      const listed = unexpected.map((key) => pythonRepr(key)).join(', ');
      throw new HubError(
        400,
        `Unexpected fields: {${listed}}, supported fields: ${PATCH_KEYS.join(',')}`,
      );
    }
    // JSON that is not a name must not reach the queries below
    if ('name' in body && typeof body.name !== 'string') {
      throw new HubError(400, `name must be a string, not ${pythonRepr(body.name)}`);
    }
    if (body.display_name != null && typeof body.display_name !== 'string') {
      throw new HubError(
        400,
        `display_name must be a string, not ${pythonRepr(body.display_name)}`,
      );
    }
    const newName = body.name as string | undefined;
    const displayName = (body.display_name ?? newName) as string | undefined;
    if (newName !== undefined) {
      await this.checkNamed(user, newName, displayName ?? newName, serverName === '');
    } else if (displayName) {
      await this.checkNamed(user, serverName, displayName, false);
    }
    const spawner = await this.records.findSpawner(user.id, serverName);
    if (!spawner) {
      throw new HubError(404, `User ${user.name} has no such server ${pythonRepr(serverName)}`);
    }
    if (spawner.serverId !== null || this.orchestrator.pending(spawner.id)) {
      const name = serverLogName(user.name, serverName);
      throw new HubError(400, `${name} is active. Please stop it before modifying it.`);
    }
    return this.applyChanges(user, spawner, body, newName, displayName);
  }

  private async applyChanges(
    user: UserEntity,
    spawner: SpawnerEntity,
    body: Record<string, unknown>,
    newName: string | undefined,
    displayName: string | undefined,
  ): Promise<SpawnerEntity> {
    if (newName !== undefined) {
      if (await this.records.findSpawner(user.id, newName)) {
        throw new HubError(409, `User ${user.name} already has server ${pythonRepr(newName)}`);
      }
      spawner.name = newName;
    }
    if ('user_options' in body) {
      const options = body.user_options;
      if (typeof options !== 'object' || options === null || Array.isArray(options)) {
        throw new HubError(400, 'user_options must be a dict');
      }
      spawner.userOptions = options as Record<string, unknown>;
    }
    if (body.display_name && spawner.displayName !== displayName) {
      if (typeof body.display_name !== 'string') {
        throw new HubError(400, 'display_name must be a string');
      }
      spawner.displayName = displayName as string;
    }
    try {
      await this.records.updateSpawner(spawner.id, {
        name: spawner.name,
        userOptions: spawner.userOptions,
        displayName: spawner.displayName,
      });
    } catch (error) {
      // a concurrent rename or start took the new name after our check
      if (newName !== undefined && isUniqueViolation(error)) {
        throw new HubError(409, `User ${user.name} already has server ${pythonRepr(newName)}`);
      }
      throw error;
    }
    return spawner;
  }
}
