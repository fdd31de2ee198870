import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { HubConfig } from '@orrery/core';
import { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/auth.decorator';
import { NeedsScope } from '../auth/needs-scope.decorator';
import { GroupModel, GroupModelService } from './group-model.service';
import {
  checkGroupName,
  parseCreateGroup,
  parseGroupUsers,
  parseProperties,
  refuseWhenGroupsManaged,
} from './group-requests';
import { GroupsService } from './groups.service';

/** One group by name: read, create, delete, members, properties. */
@Controller('api/groups/:group_name')
export class GroupController {
  constructor(
    @Inject(GroupsService) private readonly groups: GroupsService,
    @Inject(GroupModelService) private readonly models: GroupModelService,
    @Inject(HubConfig) private readonly config: HubConfig,
  ) {}

  @Get()
  @NeedsScope('read:groups', 'read:groups:name', 'read:roles:groups')
  async get(@Auth() auth: AuthContext, @Param('group_name') name: string): Promise<GroupModel> {
    return this.modelOf(auth, name);
  }

  @Post()
  @HttpCode(201)
  @NeedsScope('admin:groups')
  async create(
    @Auth() auth: AuthContext,
    @Param('group_name') name: string,
    @Body() body: unknown,
  ): Promise<GroupModel> {
    refuseWhenGroupsManaged(this.config);
    checkGroupName(name);
    const { users } = parseCreateGroup(body);
    const [group] = await this.groups.create([name], users);
    return this.models.model(group, auth.scopes);
  }

  @Delete()
  @HttpCode(204)
  @NeedsScope('delete:groups')
  async delete(@Param('group_name') name: string): Promise<void> {
    refuseWhenGroupsManaged(this.config);
    await this.groups.remove(await this.groups.requireByName(name));
  }

  @Post('users')
  @HttpCode(200)
  @NeedsScope('groups')
  async addUsers(
    @Auth() auth: AuthContext,
    @Param('group_name') name: string,
    @Body() body: unknown,
  ): Promise<GroupModel> {
    refuseWhenGroupsManaged(this.config);
    const group = await this.groups.requireByName(name);
    await this.groups.addUsers(group, parseGroupUsers(body, 'add'));
    return this.modelOf(auth, name);
  }

  /** Members to remove come in a JSON body on DELETE, as nbgrader sends them. */
  @Delete('users')
  @HttpCode(200)
  @NeedsScope('groups')
  async removeUsers(
    @Auth() auth: AuthContext,
    @Param('group_name') name: string,
    @Body() body: unknown,
  ): Promise<GroupModel> {
    refuseWhenGroupsManaged(this.config);
    const group = await this.groups.requireByName(name);
    await this.groups.removeUsers(group, parseGroupUsers(body, 'delete'));
    return this.modelOf(auth, name);
  }

  @Put('properties')
  @NeedsScope('groups')
  async setProperties(
    @Auth() auth: AuthContext,
    @Param('group_name') name: string,
    @Body() body: unknown,
  ): Promise<GroupModel> {
    const group = await this.groups.requireByName(name);
    await this.groups.setProperties(group, parseProperties(body));
    return this.models.model(group, auth.scopes);
  }

  private async modelOf(auth: AuthContext, name: string): Promise<GroupModel> {
    const group = await this.groups.requireByName(name);
    return this.models.model(group, auth.scopes);
  }
}
