import type { DataSource } from 'typeorm';
import { placeholders, rawQuery, readJson } from './raw-sql';

/**
 * The rows scope checks read, shared by the API's credential resolution and the OAuth
 * provider; the scope arithmetic itself is pure (libs/rbac).
 */

/** Raw scopes of a user's roles and its groups' roles (not shares), like `get_roles_for`. */
export async function userRoleScopes(dataSource: DataSource, userId: number): Promise<string[]> {
  const rows = await rawQuery<{ scopes: unknown }>(
    dataSource,
    `SELECT r.scopes FROM roles r JOIN user_role_map m ON m.role_id = r.id WHERE m.user_id = ?
     UNION ALL
     SELECT r.scopes FROM roles r JOIN group_role_map gm ON gm.role_id = r.id
       JOIN user_group_map ug ON ug.group_id = gm.group_id WHERE ug.user_id = ?`,
    [userId, userId],
  );
  return rows.flatMap((row) => readJson<string[]>(row.scopes, []));
}

/** Who an OAuth client belongs to: a user's server, a service, or nobody (the hub itself). */
export interface OAuthClientOwner {
  identifier: string;
  spawner?: { user: string; server: string };
  service?: string;
}

export async function oauthClientOwner(
  dataSource: DataSource,
  identifier: string,
): Promise<OAuthClientOwner> {
  const spawners = await rawQuery<{ user: string; server: string }>(
    dataSource,
    `SELECT u.name AS "user", s.name AS "server" FROM spawners s JOIN users u ON u.id = s.user_id
     WHERE s.oauth_client_id = ?`,
    [identifier],
  );
  if (spawners.length) return { identifier, spawner: spawners[0] };
  const services = await rawQuery<{ name: string }>(
    dataSource,
    'SELECT name FROM services WHERE oauth_client_id = ?',
    [identifier],
  );
  return services.length ? { identifier, service: services[0].name } : { identifier };
}

/** Names of the groups a user belongs to. */
export async function userGroupNames(dataSource: DataSource, userName: string): Promise<string[]> {
  const rows = await rawQuery<{ name: string }>(
    dataSource,
    `SELECT g.name FROM groups g JOIN user_group_map m ON m.group_id = g.id
       JOIN users u ON u.id = m.user_id WHERE u.name = ?`,
    [userName],
  );
  return rows.map((row) => row.name);
}

/**
 * Members of the groups that `!group=` filters in `scopes` name, so that intersections can
 * resolve them; undefined when no scope has a group filter.
 */
export async function groupFilterMembers(
  dataSource: DataSource,
  scopes: readonly string[],
): Promise<((group: string) => Set<string>) | undefined> {
  const groups = new Set<string>();
  for (const scope of scopes) {
    const match = /!group=(.+)$/.exec(scope);
    if (match) groups.add(match[1]);
  }
  if (!groups.size) return undefined;
  const names = [...groups];
  const rows = await rawQuery<{ group: string; user: string }>(
    dataSource,
    `SELECT g.name AS "group", u.name AS "user" FROM groups g
       JOIN user_group_map m ON m.group_id = g.id JOIN users u ON u.id = m.user_id
     WHERE g.name IN (${placeholders(names.length)})`,
    names,
  );
  const members = new Map<string, Set<string>>(names.map((name) => [name, new Set()]));
  for (const row of rows) members.get(row.group)?.add(row.user);
  return (group) => members.get(group) ?? new Set();
}
