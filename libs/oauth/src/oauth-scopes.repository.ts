import { Inject, Injectable } from '@nestjs/common';
import { placeholders, rawQuery, readJson } from '@orrery/core';
import { MembersOf, OAuthClientRef } from '@orrery/rbac';
import { DataSource } from 'typeorm';

interface ScopesRow {
  scopes: string;
}

/** The rows the scope checks of an authorize request read; the arithmetic is pure (authorize-scopes). */
@Injectable()
export class OAuthScopesRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The raw scopes of the user's roles and its groups' roles (not shares), like `get_roles_for`. */
  async userRoleScopes(userId: number): Promise<string[]> {
    const rows = await rawQuery<ScopesRow>(
      this.dataSource,
      `SELECT r.scopes FROM roles r JOIN user_role_map m ON m.role_id = r.id WHERE m.user_id = ?
       UNION ALL
       SELECT r.scopes FROM roles r JOIN group_role_map gm ON gm.role_id = r.id
         JOIN user_group_map ug ON ug.group_id = gm.group_id WHERE ug.user_id = ?`,
      [userId, userId],
    );
    return rows.flatMap((row) => readJson<string[]>(row.scopes, []));
  }

  /** The scopes of the roles with these names; absent names are not roles. */
  async rolesNamed(names: readonly string[]): Promise<Map<string, string[]>> {
    if (!names.length) return new Map();
    const rows = await rawQuery<{ name: string; scopes: string }>(
      this.dataSource,
      `SELECT name, scopes FROM roles WHERE name IN (${placeholders(names.length)})`,
      [...names],
    );
    return new Map(rows.map((row) => [row.name, readJson<string[]>(row.scopes, [])]));
  }

  /** The spawner or service a client belongs to, for bare filters and the access scope. */
  async clientRef(identifier: string): Promise<OAuthClientRef> {
    const spawners = await rawQuery<{ user: string; server: string }>(
      this.dataSource,
      `SELECT u.name AS "user", s.name AS "server" FROM spawners s JOIN users u ON u.id = s.user_id
       WHERE s.oauth_client_id = ?`,
      [identifier],
    );
    if (spawners.length) return { identifier, spawner: spawners[0] };
    const services = await rawQuery<{ name: string }>(
      this.dataSource,
      'SELECT name FROM services WHERE oauth_client_id = ?',
      [identifier],
    );
    return services.length ? { identifier, service: services[0].name } : { identifier };
  }

  async groupsOf(userName: string): Promise<string[]> {
    const rows = await rawQuery<{ name: string }>(
      this.dataSource,
      `SELECT g.name FROM groups g JOIN user_group_map m ON m.group_id = g.id
         JOIN users u ON u.id = m.user_id WHERE u.name = ?`,
      [userName],
    );
    return rows.map((row) => row.name);
  }

  /** Members of the groups named in `!group=` filters, so intersections can resolve them. */
  async membersOf(scopes: readonly string[]): Promise<MembersOf | undefined> {
    const groups = new Set<string>();
    for (const scope of scopes) {
      const match = /!group=(.+)$/.exec(scope);
      if (match) groups.add(match[1]);
    }
    if (!groups.size) return undefined;
    const names = [...groups];
    const rows = await rawQuery<{ group: string; user: string }>(
      this.dataSource,
      `SELECT g.name AS "group", u.name AS "user" FROM groups g
         JOIN user_group_map m ON m.group_id = g.id JOIN users u ON u.id = m.user_id
       WHERE g.name IN (${placeholders(names.length)})`,
      names,
    );
    const members = new Map<string, Set<string>>(names.map((name) => [name, new Set()]));
    for (const row of rows) members.get(row.group)?.add(row.user);
    return (group) => members.get(group) ?? new Set();
  }
}
