import { Inject, Injectable } from '@nestjs/common';
import {
  groupFilterMembers,
  oauthClientOwner,
  placeholders,
  rawQuery,
  readJson,
  userGroupNames,
  userRoleScopes,
} from '@orrery/core';
import { MembersOf, OAuthClientRef } from '@orrery/rbac';
import { DataSource } from 'typeorm';

/** The rows the scope checks of an authorize request read; the arithmetic is pure (authorize-scopes). */
@Injectable()
export class OAuthScopesRepository {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  /** The raw scopes of the user's roles and its groups' roles (not shares), like `get_roles_for`. */
  userRoleScopes(userId: number): Promise<string[]> {
    return userRoleScopes(this.dataSource, userId);
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
  clientRef(identifier: string): Promise<OAuthClientRef> {
    return oauthClientOwner(this.dataSource, identifier);
  }

  groupsOf(userName: string): Promise<string[]> {
    return userGroupNames(this.dataSource, userName);
  }

  /** Members of the groups named in `!group=` filters, so intersections can resolve them. */
  membersOf(scopes: readonly string[]): Promise<MembersOf | undefined> {
    return groupFilterMembers(this.dataSource, scopes);
  }
}
