import { Inject, Injectable } from '@nestjs/common';
import { HubConfig, placeholders, rawQuery } from '@orrery/core';
import { CustomScopes, expandScopes, MembersOf, OAuthClientRef, ScopeOwner } from '@orrery/rbac';
import { DataSource } from 'typeorm';

interface ScopesRow {
  scopes: string;
}

/**
 * The scopes an owner holds through its roles (own and its groups'), plus, for users, the
 * scopes of servers shared with them or their groups. Pure scope arithmetic is in libs/rbac;
 * this only gathers the rows.
 */
@Injectable()
export class OwnerScopesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubConfig) private readonly config: HubConfig,
  ) {}

  get customScopes(): CustomScopes {
    return this.config.JupyterHub.custom_scopes as CustomScopes;
  }

  async ownerScopes(owner: ScopeOwner, id: number): Promise<string[]> {
    const raw =
      owner.kind === 'user' ? await this.userRawScopes(id) : await this.serviceRawScopes(id);
    return expandScopes(raw, owner, undefined, this.customScopes);
  }

  /** Scopes from the user's roles and its groups' roles. */
  private async userRoleScopes(userId: number): Promise<string[]> {
    const rows = await rawQuery<ScopesRow>(
      this.dataSource,
      `SELECT r.scopes FROM roles r JOIN user_role_map m ON m.role_id = r.id WHERE m.user_id = ?
       UNION ALL
       SELECT r.scopes FROM roles r JOIN group_role_map gm ON gm.role_id = r.id
         JOIN user_group_map ug ON ug.group_id = gm.group_id WHERE ug.user_id = ?`,
      [userId, userId],
    );
    return rows.flatMap((row) => JSON.parse(row.scopes) as string[]);
  }

  private async userRawScopes(userId: number): Promise<string[]> {
    const roleScopes = await this.userRoleScopes(userId);
    const shares = await rawQuery<ScopesRow>(
      this.dataSource,
      `SELECT s.scopes FROM shares s WHERE s.user_id = ?
         OR s.group_id IN (SELECT group_id FROM user_group_map WHERE user_id = ?)`,
      [userId, userId],
    );
    return [...roleScopes, ...shares.flatMap((row) => JSON.parse(row.scopes) as string[])];
  }

  private async serviceRawScopes(serviceId: number): Promise<string[]> {
    const rows = await rawQuery<ScopesRow>(
      this.dataSource,
      'SELECT r.scopes FROM roles r JOIN service_role_map m ON m.role_id = r.id WHERE m.service_id = ?',
      [serviceId],
    );
    return rows.flatMap((row) => JSON.parse(row.scopes) as string[]);
  }

  /** The spawner or service an OAuth client belongs to, for bare filters and access scopes. */
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

  /** Group membership for the groups named in group filters, so intersection can resolve them. */
  async membersOf(scopeLists: string[][]): Promise<MembersOf | undefined> {
    const groups = new Set<string>();
    for (const scope of scopeLists.flat()) {
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
