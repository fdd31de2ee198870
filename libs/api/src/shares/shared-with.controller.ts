import { Controller, Delete, Get, HttpCode, Inject, Param, Req } from '@nestjs/common';
import { HubError } from '@orrery/core';
import { HubRequest } from '../auth/auth-context';
import { EmptyTrailingParam, NeedsScope } from '../auth/needs-scope.decorator';
import { SharesService } from './shares.service';

/**
 * The shared server's owner and name are deliberately not called `user_name`/`server_name`:
 * these routes act on the recipient (`user_name` or `group_name`), which the guard checks.
 */
const USER_SHARE = [
  'users/:user_name/shared/:owner_name',
  'users/:user_name/shared/:owner_name/:owner_server',
];
const GROUP_SHARE = [
  'groups/:group_name/shared/:owner_name',
  'groups/:group_name/shared/:owner_name/:owner_server',
];

/** `/users/alice/shared/bob` (no trailing slash) names no server: JupyterHub has no such route. */
function requireServer(request: HubRequest, server: string | undefined): string {
  if (server === undefined) throw new HubError(404, `Not found: ${request.url.split('?')[0]}`);
  return server;
}

/** `/hub/api/{users,groups}/{name}/shared[/{owner}/{server}]`: what was shared with whom. */
@Controller('api')
export class SharedWithController {
  constructor(@Inject(SharesService) private readonly shares: SharesService) {}

  @Get('users/:user_name/shared')
  @NeedsScope('read:users:shares')
  async userList(@Req() request: HubRequest, @Param('user_name') name: string): Promise<object> {
    return this.shares.listForUser(request, name);
  }

  @Get(USER_SHARE)
  @NeedsScope('read:users:shares')
  @EmptyTrailingParam('owner_server')
  async userShare(
    @Req() request: HubRequest,
    @Param('user_name') name: string,
    @Param('owner_name') owner: string,
    @Param('owner_server') server?: string,
  ): Promise<object> {
    return this.shares.sharedModel('user', name, owner, requireServer(request, server));
  }

  @Delete(USER_SHARE)
  @NeedsScope('users:shares')
  @EmptyTrailingParam('owner_server')
  @HttpCode(204)
  async userLeave(
    @Req() request: HubRequest,
    @Param('user_name') name: string,
    @Param('owner_name') owner: string,
    @Param('owner_server') server?: string,
  ): Promise<void> {
    await this.shares.leave('user', name, owner, requireServer(request, server));
  }

  @Get('groups/:group_name/shared')
  @NeedsScope('read:groups:shares')
  async groupList(@Req() request: HubRequest, @Param('group_name') name: string): Promise<object> {
    return this.shares.listForGroup(request, name);
  }

  @Get(GROUP_SHARE)
  @NeedsScope('read:groups:shares')
  @EmptyTrailingParam('owner_server')
  async groupShare(
    @Req() request: HubRequest,
    @Param('group_name') name: string,
    @Param('owner_name') owner: string,
    @Param('owner_server') server?: string,
  ): Promise<object> {
    return this.shares.sharedModel('group', name, owner, requireServer(request, server));
  }

  @Delete(GROUP_SHARE)
  @NeedsScope('groups:shares')
  @EmptyTrailingParam('owner_server')
  @HttpCode(204)
  async groupLeave(
    @Req() request: HubRequest,
    @Param('group_name') name: string,
    @Param('owner_name') owner: string,
    @Param('owner_server') server?: string,
  ): Promise<void> {
    await this.shares.leave('group', name, owner, requireServer(request, server));
  }
}
