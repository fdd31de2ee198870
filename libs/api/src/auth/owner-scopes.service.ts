import { Inject, Injectable } from '@nestjs/common';
import {
  groupFilterMembers,
  HubConfig,
  oauthClientOwner,
  rawQuery,
  userRoleScopes,
} from '@orrery/core';
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

  private async userRawScopes(userId: number): Promise<string[]> {
    const roleScopes = await userRoleScopes(this.dataSource, userId);
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
  clientRef(identifier: string): Promise<OAuthClientRef> {
    return oauthClientOwner(this.dataSource, identifier);
  }

  /** Group membership for the groups named in group filters, so intersection can resolve them. */
  membersOf(scopeLists: string[][]): Promise<MembersOf | undefined> {
    return groupFilterMembers(this.dataSource, scopeLists.flat());
  }
}
