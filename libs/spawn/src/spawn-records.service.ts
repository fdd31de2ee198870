import { Inject, Injectable } from '@nestjs/common';
import {
  ApiTokenEntity,
  Clock,
  GENERATED_TOKEN_ROUNDS,
  hashToken,
  isUniqueViolation,
  ModelGeneration,
  newApiToken,
  OAuthClientEntity,
  RoleEntity,
  ServerEntity,
  SpawnerEntity,
  tokenPrefix,
  UserEntity,
} from '@orrery/core';
import { defaultRoles } from '@orrery/rbac';
import { DataSource, EntityManager, IsNull, Not } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';

type SpawnerChanges = Partial<Omit<SpawnerEntity, 'user' | 'server' | 'oauthClient'>>;

/** TypeORM cannot type JSON columns in update(); the columns here are plain JSON objects. */
function spawnerUpdate(changes: SpawnerChanges): QueryDeepPartialEntity<SpawnerEntity> {
  return changes as QueryDeepPartialEntity<SpawnerEntity>;
}

/** What one start writes before the spawner runs. */
export interface StartRecord {
  user: UserEntity;
  spawner: SpawnerEntity;
  prefix: string;
  tokenScopes: string[];
  client: { identifier: string; redirectUri: string; allowedScopes: string[] };
  /** null keeps the options of the previous start */
  userOptions: Record<string, unknown> | null;
}

/** The server token's note; JupyterHub does not count activity of tokens noted so. */
export function serverTokenNote(prefix: string): string {
  return `Server at ${prefix}`;
}

/**
 * The database side of starting and stopping: the servers row, the server's API token, its
 * OAuth client, the spawner row's state. Each step is one transaction, so a crash leaves
 * either all of a step or none of it.
 */
@Injectable()
export class SpawnRecords {
  /** Every write below changes what the user and server models show: `models` hears of it. */
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ModelGeneration) private readonly models: ModelGeneration,
  ) {}

  findUser(name: string): Promise<UserEntity | null> {
    return this.dataSource.getRepository(UserEntity).findOneBy({ name });
  }

  findSpawner(userId: number, name: string): Promise<SpawnerEntity | null> {
    return this.dataSource.getRepository(SpawnerEntity).findOneBy({ userId, name });
  }

  spawnerById(id: number): Promise<SpawnerEntity | null> {
    return this.dataSource.getRepository(SpawnerEntity).findOneBy({ id });
  }

  async groupNames(userId: number): Promise<string[]> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOne({ where: { id: userId }, relations: { groups: true } });
    return (user?.groups ?? []).map((group) => group.name);
  }

  namedSpawnerCount(userId: number): Promise<number> {
    return this.dataSource.getRepository(SpawnerEntity).countBy({ userId, name: Not('') });
  }

  async getOrCreateSpawner(
    userId: number,
    name: string,
    displayName: string,
  ): Promise<SpawnerEntity> {
    const existing = await this.findSpawner(userId, name);
    if (existing) return existing;
    // a concurrent start or PUT created it between our read and our insert: it is the one
    return (
      (await this.createSpawner(userId, name, displayName)) ?? this.requireSpawner(userId, name)
    );
  }

  /** A new spawner row, or null when one of that user and name exists already. */
  async createSpawner(
    userId: number,
    name: string,
    displayName: string,
  ): Promise<SpawnerEntity | null> {
    const repository = this.dataSource.getRepository(SpawnerEntity);
    try {
      const created = await repository.save(
        repository.create({
          userId,
          name,
          displayName,
          serverId: null,
          state: {},
          userOptions: null,
        }),
      );
      this.models.bump();
      return created;
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  private async requireSpawner(userId: number, name: string): Promise<SpawnerEntity> {
    return this.dataSource.getRepository(SpawnerEntity).findOneByOrFail({ userId, name });
  }

  async updateSpawner(id: number, changes: SpawnerChanges): Promise<void> {
    await this.dataSource.getRepository(SpawnerEntity).update({ id }, spawnerUpdate(changes));
    this.models.bump();
  }

  async deleteSpawner(id: number): Promise<void> {
    await this.dataSource.getRepository(SpawnerEntity).delete({ id });
    this.models.bump();
  }

  /** Servers that are running or starting (JupyterHub's `active` count). */
  activeCount(): Promise<number> {
    return this.dataSource.getRepository(SpawnerEntity).countBy({ serverId: Not(IsNull()) });
  }

  /** Every spawner with a servers row, with its user and server (restart recovery). */
  activeSpawners(): Promise<SpawnerEntity[]> {
    return this.dataSource.getRepository(SpawnerEntity).find({
      where: { serverId: Not(IsNull()) },
      relations: { user: true, server: true },
      order: { id: 'ASC' },
    });
  }

  /** The `server` role's scopes, which may have been changed by `load_roles`. */
  async serverRoleScopes(): Promise<string[]> {
    const role = await this.dataSource.getRepository(RoleEntity).findOneBy({ name: 'server' });
    return role?.scopes ?? defaultRoles().find((r) => r.name === 'server')?.scopes ?? [];
  }

  /** Server row, token, OAuth client and spawner bookkeeping of a start; returns the token. */
  async beginStart(record: StartRecord): Promise<{ token: string; serverId: number }> {
    const started = await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const server = await manager.getRepository(ServerEntity).save({
        proto: 'http',
        ip: '',
        port: 0,
        baseUrl: record.prefix,
        cookieName: record.client.identifier,
      });
      const token = newApiToken();
      await this.insertToken(manager, record, token, now);
      await this.upsertClient(manager, record, token);
      const options = record.userOptions ?? record.spawner.userOptions ?? {};
      await manager.getRepository(SpawnerEntity).update(
        { id: record.spawner.id },
        spawnerUpdate({
          serverId: server.id,
          userOptions: options,
          oauthClientId: record.client.identifier,
          started: now,
          lastActivity: now,
          state: {},
        }),
      );
      await manager.getRepository(UserEntity).update({ id: record.user.id }, { lastActivity: now });
      return { token, serverId: server.id };
    });
    this.models.bump();
    return started;
  }

  private async insertToken(manager: EntityManager, record: StartRecord, token: string, now: Date) {
    const repository = manager.getRepository(ApiTokenEntity);
    await repository.save(
      repository.create({
        hashed: hashToken(token, GENERATED_TOKEN_ROUNDS),
        prefix: tokenPrefix(token),
        userId: record.user.id,
        serviceId: null,
        clientId: 'jupyterhub',
        sessionId: null,
        scopes: record.tokenScopes,
        note: serverTokenNote(record.prefix),
        created: now,
        expiresAt: null,
        lastActivity: null,
      }),
    );
  }

  /**
   * JupyterHub's `add_client`: create or replace; the secret is the server token, hashed.
   * JupyterHub hashes client secrets with 16384 rounds, which guard guessable secrets; this one
   * is a generated token, so one round (as for every generated token) is as safe, and it keeps
   * 200 spawns at once from spending two seconds of the hub's thread on hashing.
   */
  private async upsertClient(manager: EntityManager, record: StartRecord, token: string) {
    const repository = manager.getRepository(OAuthClientEntity);
    const client =
      (await repository.findOneBy({ identifier: record.client.identifier })) ??
      repository.create({ identifier: record.client.identifier });
    client.secret = hashToken(token, GENERATED_TOKEN_ROUNDS);
    client.redirectUri = record.client.redirectUri;
    client.description = `Server at ${record.prefix}`;
    client.allowedScopes = record.client.allowedScopes;
    await repository.save(client);
  }

  /** Where the started server listens, and the spawner's state to find it again. */
  async recordStarted(
    spawnerId: number,
    serverId: number,
    url: string,
    state: Record<string, unknown>,
  ): Promise<void> {
    const parsed = new URL(url);
    const port = Number(parsed.port) || (parsed.protocol === 'https:' ? 443 : 80);
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(ServerEntity).update(
        { id: serverId },
        {
          proto: parsed.protocol.replace(':', ''),
          ip: parsed.hostname.replace(/^\[|\]$/g, ''),
          port,
        },
      );
      await manager
        .getRepository(SpawnerEntity)
        .update({ id: spawnerId }, spawnerUpdate({ state }));
    });
    this.models.bump();
  }

  async saveState(spawnerId: number, state: Record<string, unknown>): Promise<void> {
    await this.dataSource
      .getRepository(SpawnerEntity)
      .update({ id: spawnerId }, spawnerUpdate({ state }));
    this.models.bump();
  }

  /**
   * The end of every stop: no servers row, no server token, no OAuth client (its browser
   * tokens and codes go with it), no state; activity is now.
   */
  async finishStop(spawner: SpawnerEntity, prefix: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const now = this.clock.now();
      const current = await manager.getRepository(SpawnerEntity).findOneBy({ id: spawner.id });
      await manager.getRepository(ApiTokenEntity).delete({
        userId: spawner.userId,
        clientId: 'jupyterhub',
        note: serverTokenNote(prefix),
      });
      const clientId = current?.oauthClientId ?? spawner.oauthClientId;
      if (clientId) {
        await manager.getRepository(ApiTokenEntity).delete({ clientId });
        await manager.getRepository(OAuthClientEntity).delete({ identifier: clientId });
      }
      if (current) {
        await manager.getRepository(SpawnerEntity).update(
          { id: spawner.id },
          spawnerUpdate({
            serverId: null,
            oauthClientId: null,
            started: null,
            state: {},
            lastActivity: now,
          }),
        );
        if (current.serverId !== null) {
          await manager.getRepository(ServerEntity).delete({ id: current.serverId });
        }
      }
      await manager.getRepository(UserEntity).update({ id: spawner.userId }, { lastActivity: now });
    });
    // the server's token and its browsers' OAuth tokens are gone, whoever asked for the stop
    this.models.credentialsChanged();
  }
}
