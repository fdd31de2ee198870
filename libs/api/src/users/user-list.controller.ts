import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { HubConfig, HubError } from '@orrery/core';
import { AuthContext, HubRequest } from '../auth/auth-context';
import { Auth } from '../auth/auth.decorator';
import { NeedsScope, NeedsScopeFiltered } from '../auth/needs-scope.decorator';
import { isValidUsername } from '../domain/user-names';
import { pageLimits, pageRequest, paginate } from '../http/pagination';
import { isJsonObject } from '../http/python-values';
import { UserModelService } from '../models/user-model.service';
import { UserAdminService } from './user-admin.service';
import {
  checkUserModel,
  invalidUsernamesMessage,
  normalizeUsername,
  ONLY_ADMINS_GRANT_ADMIN,
} from './user-body';
import { listableUsers, parseUserListQuery } from './user-list-query';
import { UserListService } from './user-list.service';

/** `GET /hub/api/users` (list, post-filtered by `list:users`) and `POST` (create many). */
@Controller('api/users')
export class UserListController {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(UserListService) private readonly list: UserListService,
    @Inject(UserAdminService) private readonly admin: UserAdminService,
    @Inject(UserModelService) private readonly userModels: UserModelService,
  ) {}

  @Get()
  @NeedsScopeFiltered('list:users')
  async listUsers(@Req() request: HubRequest, @Auth() auth: AuthContext): Promise<unknown> {
    const page = pageRequest(request, pageLimits(this.config));
    const query = parseUserListQuery(request.query as Record<string, unknown>);
    const who = listableUsers(auth.scopes.filters('list:users'));
    const { models, total } = await this.list.page(query, who, page, auth.scopes);
    return paginate(request, page, models, total ?? models.length);
  }

  @Post()
  @HttpCode(201)
  @NeedsScope('admin:users')
  async createUsers(@Auth() auth: AuthContext, @Body() body: unknown): Promise<unknown> {
    if (!isJsonObject(body) || !Array.isArray(body.usernames) || !body.usernames.length) {
      throw new HubError(400, 'Must specify at least one user to create');
    }
    const { usernames, ...rest } = body;
    const admin = checkUserModel(rest).admin ?? false;
    if (admin && !auth.admin) throw new HubError(403, ONLY_ADMINS_GRANT_ADMIN);
    const names = (usernames as unknown[]).map((name) =>
      typeof name === 'string' ? normalizeUsername(name) : name,
    );
    const invalid = names.filter((name) => !isValidUsername(name)).map(String);
    if (invalid.length) throw new HubError(400, invalidUsernamesMessage(invalid));
    const created = await this.admin.createMany(names as string[], admin);
    return this.userModels.models(created, auth.scopes);
  }
}
