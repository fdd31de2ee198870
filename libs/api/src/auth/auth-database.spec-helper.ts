import { createDataSource, hashToken, rawQuery, tokenPrefix } from '@orrery/core';
import type { DataSource } from 'typeorm';

const CREATED = new Date('2026-01-01T00:00:00Z');

export interface TokenRow {
  userId?: number;
  serviceId?: number;
  scopes?: string[];
  expiresAt?: Date;
  note?: string;
  clientId?: string;
  sessionId?: string;
}

/**
 * A migrated in-memory SQLite database for the credential specs of this folder, with the few
 * rows they need written in plain SQL, so a spec reads what the hub's tables hold.
 */
export async function authDatabase() {
  const dataSource: DataSource = createDataSource({ type: 'sqlite', path: ':memory:' });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const sql = <T = unknown>(query: string, params: unknown[] = []) =>
    rawQuery<T>(dataSource, query, params);
  const lastId = async () =>
    Number((await sql<{ id: number }>('SELECT last_insert_rowid() AS id'))[0].id);
  await sql(`INSERT INTO oauth_clients (identifier) VALUES ('jupyterhub')`);
  let tokens = 0;

  return {
    dataSource,
    sql,
    drop: () => dataSource.destroy(),

    async user(name: string, admin = false): Promise<number> {
      await sql('INSERT INTO users (name, admin, created, cookie_id) VALUES (?, ?, ?, ?)', [
        name,
        admin,
        CREATED,
        `${name}-cookie`,
      ]);
      return lastId();
    },

    async service(name: string, admin = false, oauthClientId?: string): Promise<number> {
      if (oauthClientId)
        await sql('INSERT INTO oauth_clients (identifier) VALUES (?)', [oauthClientId]);
      await sql('INSERT INTO services (name, admin, oauth_client_id) VALUES (?, ?, ?)', [
        name,
        admin,
        oauthClientId ?? null,
      ]);
      return lastId();
    },

    async group(name: string, memberIds: number[]): Promise<number> {
      await sql(`INSERT INTO groups (name, properties) VALUES (?, '{}')`, [name]);
      const id = await lastId();
      for (const userId of memberIds)
        await sql('INSERT INTO user_group_map (group_id, user_id) VALUES (?, ?)', [id, userId]);
      return id;
    },

    /** A role held by the given users, services and groups. */
    async role(
      name: string,
      scopes: string[],
      holders: { users?: number[]; services?: number[]; groups?: number[] },
    ): Promise<void> {
      await sql('INSERT INTO roles (name, scopes) VALUES (?, ?)', [name, JSON.stringify(scopes)]);
      const id = await lastId();
      for (const userId of holders.users ?? [])
        await sql('INSERT INTO user_role_map (user_id, role_id) VALUES (?, ?)', [userId, id]);
      for (const serviceId of holders.services ?? [])
        await sql('INSERT INTO service_role_map (service_id, role_id) VALUES (?, ?)', [
          serviceId,
          id,
        ]);
      for (const groupId of holders.groups ?? [])
        await sql('INSERT INTO group_role_map (group_id, role_id) VALUES (?, ?)', [groupId, id]);
    },

    async spawner(userId: number, name: string, oauthClientId?: string): Promise<number> {
      if (oauthClientId)
        await sql('INSERT INTO oauth_clients (identifier) VALUES (?)', [oauthClientId]);
      await sql('INSERT INTO spawners (user_id, name, oauth_client_id) VALUES (?, ?, ?)', [
        userId,
        name,
        oauthClientId ?? null,
      ]);
      return lastId();
    },

    async share(
      spawnerId: number,
      ownerId: number,
      to: { userId?: number; groupId?: number },
      scopes: string[],
    ): Promise<void> {
      await sql(
        'INSERT INTO shares (owner_id, spawner_id, user_id, group_id, scopes, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [
          ownerId,
          spawnerId,
          to.userId ?? null,
          to.groupId ?? null,
          JSON.stringify(scopes),
          CREATED,
        ],
      );
    },

    /** Stores a new API token and returns it with its row id. */
    async token(row: TokenRow): Promise<{ token: string; id: number }> {
      const token = `tok${(tokens += 1)}-${'x'.repeat(28)}`;
      await sql(
        `INSERT INTO api_tokens (hashed, prefix, user_id, service_id, client_id, session_id,
           scopes, note, created, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          hashToken(token),
          tokenPrefix(token),
          row.userId ?? null,
          row.serviceId ?? null,
          row.clientId ?? 'jupyterhub',
          row.sessionId ?? null,
          JSON.stringify(row.scopes ?? ['inherit']),
          row.note ?? '',
          CREATED,
          row.expiresAt ?? null,
        ],
      );
      return { token, id: await lastId() };
    },
  };
}

export type AuthDatabase = Awaited<ReturnType<typeof authDatabase>>;
