import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { GroupEntity, HubConfig, HubError } from '@orrery/core';
import { DataSource, FindOptionsWhere, In } from 'typeorm';
import { AuthContext, HubRequest } from '../auth/auth-context';
import { Auth } from '../auth/auth.decorator';
import { NeedsScope, NeedsScopeFiltered } from '../auth/needs-scope.decorator';
import { pageLimits, pageRequest, paginate } from '../http/pagination';
import { GroupModel, GroupModelService } from './group-model.service';
import { parseCreateGroups, refuseWhenGroupsManaged } from './group-requests';
import { GroupsService } from './groups.service';

/** `GET /hub/api/groups` (post-filtered by `list:groups`, paginated) and `POST` (create many). */
@Controller('api/groups')
export class GroupsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(GroupsService) private readonly groups: GroupsService,
    @Inject(GroupModelService) private readonly models: GroupModelService,
  ) {}

  @Get()
  @NeedsScopeFiltered('list:groups')
  async list(
    @Req() request: HubRequest,
    @Auth() auth: AuthContext,
  ): Promise<GroupModel[] | object> {
    const where = this.visibleGroups(auth);
    const page = pageRequest(request, pageLimits(this.config));
    const [rows, total] = await this.dataSource.getRepository(GroupEntity).findAndCount({
      where,
      order: { id: 'ASC' },
      skip: page.offset,
      take: page.limit,
    });
    const items = (await this.models.models(rows, auth.scopes)).filter(
      (model) => Object.keys(model).length > 0,
    );
    return paginate(request, page, items, total);
  }

  @Post()
  @HttpCode(201)
  @NeedsScope('admin:groups')
  async create(@Auth() auth: AuthContext, @Body() body: unknown): Promise<GroupModel[]> {
    refuseWhenGroupsManaged(this.config);
    const { names, users } = parseCreateGroups(body);
    const created = await this.groups.create(names, users);
    return this.models.models(created, auth.scopes);
  }

  /**
   * Only `group=` filters can narrow `list:groups`; any other filter kind is refused rather
   * than read as "all groups" (JupyterHub answers a bare 403).
   */
  private visibleGroups(auth: AuthContext): FindOptionsWhere<GroupEntity> {
    const filters = auth.scopes.filters('list:groups');
    if (filters === 'all') return {};
    if (!filters || filters.user.size || filters.server.size || filters.service.size) {
      throw new HubError(403);
    }
    return { name: In([...filters.group]) };
  }
}
