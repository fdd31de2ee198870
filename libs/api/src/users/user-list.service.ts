import { Inject, Injectable, Logger } from '@nestjs/common';
import { placeholders, rawQuery } from '@orrery/core';
import { filterUserModel, ScopeSet } from '@orrery/rbac';
import { DataSource } from 'typeorm';
import { PageRequest } from '../http/pagination';
import { UserModelService } from '../models/user-model.service';
import { toUser, USER_COLUMNS, UserRow } from '../models/user-rows';
import { ListableUsers, UserListQuery } from './user-list-query';

export interface UserPage {
  models: Record<string, unknown>[];
  /** users matching the query before paging (null when the caller did not ask for pagination) */
  total: number | null;
}

type ServerModels = Record<string, { ready?: boolean }>;

/** `u` has an active server: a spawner with a servers row (ready or pending). */
const HAS_ACTIVE_SERVER =
  'EXISTS (SELECT 1 FROM spawners s WHERE s.user_id = u.id AND s.server_id IS NOT NULL)';
function inListedGroups(count: number): string {
  return `u.id IN (SELECT m.user_id FROM user_group_map m
    INNER JOIN groups g ON g.id = m.group_id WHERE g.name IN (${placeholders(count)}))`;
}

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `GET /users` in plain SQL (prepared once; this endpoint is benchmarked): the filters, order, offset and limit run in the database, so a page
 * costs the same with ten or ten thousand users: one page query, one count query (only when
 * the client asked for pagination), and the model service's fixed number of queries.
 */
@Injectable()
export class UserListService {
  private readonly logger = new Logger('users');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(UserModelService) private readonly userModels: UserModelService,
  ) {}

  async page(
    query: UserListQuery,
    who: ListableUsers,
    page: PageRequest,
    scopes: ScopeSet,
  ): Promise<UserPage> {
    const { where, params } = this.filtered(query, who);
    // unpaginated: one extra row tells whether the list was truncated, without a count
    const fetch = page.paginated ? page.limit : page.limit + 1;
    const pageSql = `SELECT ${USER_COLUMNS} FROM users u ${where} ORDER BY ${this.order(query)} LIMIT ? OFFSET ?`;
    const [rows, total] = await Promise.all([
      rawQuery<UserRow>(this.dataSource, pageSql, [...params, fetch, page.offset]),
      page.paginated ? this.count(where, params) : Promise.resolve(null),
    ]);
    if (rows.length > page.limit) {
      rows.length = page.limit;
      if (page.offset === 0) {
        this.logger.warn(
          `Truncated user list in request that does not expect pagination: first ${page.limit} users`,
        );
      }
    }
    const full = await this.userModels.fullModels(rows.map(toUser), {
      includeStoppedServers: query.includeStoppedServers,
    });
    // as JupyterHub: `ready` is decided per page, after offset/limit (total counts active users)
    const kept =
      query.state === 'ready'
        ? full.filter((model) =>
            Object.values(model.servers as ServerModels).some((server) => server.ready),
          )
        : full;
    const models = kept
      .map((model) => filterUserModel(model as Parameters<typeof filterUserModel>[0], scopes))
      .filter((model) => Object.keys(model).length > 0);
    return { models, total };
  }

  /** The WHERE clause of a query, with `?` placeholders (rawQuery adapts them per database). */
  private filtered(query: UserListQuery, who: ListableUsers): { where: string; params: unknown[] } {
    const conditions: string[] = [];
    const params: unknown[] = [];
    if (who !== 'all') {
      const anyOf: string[] = [];
      if (who.names.length) {
        anyOf.push(`u.name IN (${placeholders(who.names.length)})`);
        params.push(...who.names);
      }
      if (who.groups.length) {
        anyOf.push(inListedGroups(who.groups.length));
        params.push(...who.groups);
      }
      conditions.push(anyOf.length ? `(${anyOf.join(' OR ')})` : '1 = 0');
    }
    if (query.state === 'active' || query.state === 'ready') conditions.push(HAS_ACTIVE_SERVER);
    if (query.state === 'inactive') conditions.push(`NOT ${HAS_ACTIVE_SERVER}`);
    if (query.nameFilter !== null) {
      conditions.push("LOWER(u.name) LIKE ? ESCAPE '\\'");
      params.push(likePattern(query.nameFilter));
    }
    return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
  }

  /** JupyterHub's order: NULLs first ascending, last descending; id breaks ties. */
  private order(query: UserListQuery): string {
    const { key, descending } = query.sort;
    const direction = descending ? 'DESC' : 'ASC';
    const keys: string[] = [];
    if (key === 'last_activity') {
      keys.push(`CASE WHEN u.last_activity IS NULL THEN 0 ELSE 1 END ${direction}`);
      keys.push(`u.last_activity ${direction}`);
    } else if (key === 'name') {
      keys.push(`u.name ${direction}`);
    }
    keys.push(`u.id ${key === 'id' ? direction : 'ASC'}`);
    return keys.join(', ');
  }

  private async count(where: string, params: unknown[]): Promise<number> {
    const rows = await rawQuery<{ total: string | number }>(
      this.dataSource,
      `SELECT COUNT(*) AS total FROM users u ${where}`,
      params,
    );
    return Number(rows[0]?.total ?? 0);
  }
}
