import {
  placeholders,
  rawQuery,
  readDate,
  readJson,
  SpawnerEntity,
  UserEntity,
} from '@orrery/core';
import { DataSource } from 'typeorm';

/**
 * The reads behind user models, as prepared plain SQL: these run on every user request
 * (and 50 times per listed page), where building ORM queries cost more than running them.
 */
export const USER_COLUMNS =
  'id, name, admin, created, last_activity, cookie_id, encrypted_auth_state, user_info';

export interface UserRow {
  id: number;
  name: string;
  admin: unknown;
  created: unknown;
  last_activity: unknown;
  cookie_id: string;
  encrypted_auth_state: string | null;
  user_info: unknown;
}

export function toUser(row: UserRow): UserEntity {
  return Object.assign(new UserEntity(), {
    id: Number(row.id),
    name: row.name,
    admin: Boolean(row.admin),
    created: readDate(row.created) as Date,
    lastActivity: readDate(row.last_activity),
    cookieId: row.cookie_id,
    encryptedAuthState: row.encrypted_auth_state,
    userInfo: readJson<Record<string, unknown> | null>(row.user_info, null),
  });
}

export async function userById(dataSource: DataSource, id: number): Promise<UserEntity | null> {
  const rows = await rawQuery<UserRow>(
    dataSource,
    `SELECT ${USER_COLUMNS} FROM users WHERE id = ?`,
    [id],
  );
  return rows.length ? toUser(rows[0]) : null;
}

export async function userByName(dataSource: DataSource, name: string): Promise<UserEntity | null> {
  const rows = await rawQuery<UserRow>(
    dataSource,
    `SELECT ${USER_COLUMNS} FROM users WHERE name = ?`,
    [name],
  );
  return rows.length ? toUser(rows[0]) : null;
}

async function namesByUser(
  dataSource: DataSource,
  sql: (list: string) => string,
  userIds: number[],
): Promise<Map<number, string[]>> {
  const result = new Map<number, string[]>(userIds.map((id) => [id, []]));
  if (!userIds.length) return result;
  const rows = await rawQuery<{ user_id: number; name: string }>(
    dataSource,
    sql(placeholders(userIds.length)),
    userIds,
  );
  for (const row of rows) result.get(Number(row.user_id))?.push(row.name);
  return result;
}

export function roleNamesByUser(
  dataSource: DataSource,
  userIds: number[],
): Promise<Map<number, string[]>> {
  return namesByUser(
    dataSource,
    (list) =>
      `SELECT m.user_id, r.name FROM user_role_map m JOIN roles r ON r.id = m.role_id
       WHERE m.user_id IN (${list}) ORDER BY r.name`,
    userIds,
  );
}

export function groupNamesByUser(
  dataSource: DataSource,
  userIds: number[],
): Promise<Map<number, string[]>> {
  return namesByUser(
    dataSource,
    (list) =>
      `SELECT m.user_id, g.name FROM user_group_map m JOIN groups g ON g.id = m.group_id
       WHERE m.user_id IN (${list}) ORDER BY g.name`,
    userIds,
  );
}

interface SpawnerRow {
  id: number;
  user_id: number;
  server_id: number | null;
  name: string;
  display_name: string;
  state: unknown;
  started: unknown;
  last_activity: unknown;
  user_options: unknown;
  oauth_client_id: string | null;
}

export async function spawnersByUser(
  dataSource: DataSource,
  userIds: number[],
): Promise<Map<number, SpawnerEntity[]>> {
  const result = new Map<number, SpawnerEntity[]>();
  if (!userIds.length) return result;
  const rows = await rawQuery<SpawnerRow>(
    dataSource,
    `SELECT id, user_id, server_id, name, display_name, state, started, last_activity, user_options, oauth_client_id
     FROM spawners WHERE user_id IN (${placeholders(userIds.length)}) ORDER BY id`,
    userIds,
  );
  for (const row of rows) {
    const spawner = Object.assign(new SpawnerEntity(), {
      id: Number(row.id),
      userId: Number(row.user_id),
      serverId: row.server_id === null ? null : Number(row.server_id),
      name: row.name,
      displayName: row.display_name,
      state: readJson<Record<string, unknown> | null>(row.state, null),
      started: readDate(row.started),
      lastActivity: readDate(row.last_activity),
      userOptions: readJson<Record<string, unknown> | null>(row.user_options, null),
      oauthClientId: row.oauth_client_id,
    });
    const list = result.get(spawner.userId) ?? [];
    list.push(spawner);
    result.set(spawner.userId, list);
  }
  return result;
}
