import { Inject, Injectable, Logger } from '@nestjs/common';
import { UserEntity } from '@orrery/core';
import { filterUserModel, ScopeSet } from '@orrery/rbac';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { PageRequest } from '../http/pagination';
import { UserModelService } from '../models/user-model.service';
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
const IN_LISTED_GROUPS = `u.id IN (SELECT m.user_id FROM user_group_map m
  INNER JOIN groups g ON g.id = m.group_id WHERE g.name IN (:...listGroups))`;

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `GET /users` in SQL: the filters, order, offset and limit run in the database, so a page
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
    const filtered = this.filtered(query, who);
    // unpaginated: one extra row tells whether the list was truncated, without a count
    const fetch = page.paginated ? page.limit : page.limit + 1;
    const [rows, total] = await Promise.all([
      this.ordered(filtered.clone(), query).offset(page.offset).limit(fetch).getMany(),
      page.paginated ? this.count(filtered) : Promise.resolve(null),
    ]);
    if (rows.length > page.limit) {
      rows.length = page.limit;
      if (page.offset === 0) {
        this.logger.warn(
          `Truncated user list in request that does not expect pagination: first ${page.limit} users`,
        );
      }
    }
    const full = await this.userModels.fullModels(rows, {
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

  private filtered(query: UserListQuery, who: ListableUsers): SelectQueryBuilder<UserEntity> {
    const qb = this.dataSource.getRepository(UserEntity).createQueryBuilder('u');
    if (who !== 'all') {
      const anyOf: string[] = [];
      if (who.names.length) anyOf.push('u.name IN (:...listNames)');
      if (who.groups.length) anyOf.push(IN_LISTED_GROUPS);
      qb.andWhere(anyOf.length ? `(${anyOf.join(' OR ')})` : '1 = 0', {
        listNames: who.names,
        listGroups: who.groups,
      });
    }
    if (query.state === 'active' || query.state === 'ready') qb.andWhere(HAS_ACTIVE_SERVER);
    if (query.state === 'inactive') qb.andWhere(`NOT ${HAS_ACTIVE_SERVER}`);
    if (query.nameFilter !== null) {
      qb.andWhere("LOWER(u.name) LIKE :nameLike ESCAPE '\\'", {
        nameLike: likePattern(query.nameFilter),
      });
    }
    return qb;
  }

  /** JupyterHub's order: NULLs first ascending, last descending; id breaks ties. */
  private ordered(
    qb: SelectQueryBuilder<UserEntity>,
    query: UserListQuery,
  ): SelectQueryBuilder<UserEntity> {
    const { key, descending } = query.sort;
    const direction = descending ? 'DESC' : 'ASC';
    if (key === 'last_activity') {
      qb.addOrderBy('CASE WHEN u.lastActivity IS NULL THEN 0 ELSE 1 END', direction);
      qb.addOrderBy('u.lastActivity', direction);
    } else if (key === 'name') {
      qb.addOrderBy('u.name', direction);
    }
    return qb.addOrderBy('u.id', key === 'id' ? direction : 'ASC');
  }

  private async count(qb: SelectQueryBuilder<UserEntity>): Promise<number> {
    const row = await qb
      .clone()
      .select('COUNT(*)', 'total')
      .getRawOne<{ total: string | number }>();
    return Number(row?.total ?? 0);
  }
}
