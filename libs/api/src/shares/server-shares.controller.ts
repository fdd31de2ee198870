import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Req,
} from '@nestjs/common';
import { HubError } from '@orrery/core';
import { AuthContext, HubRequest } from '../auth/auth-context';
import { EmptyTrailingParam, NeedsScope } from '../auth/needs-scope.decorator';
import { SharesService } from './shares.service';

/** The paths of one owner (`/shares/alice`) or one server (`/shares/alice/`, `/shares/alice/lab`). */
const PATHS = [':user_name', ':user_name/:server_name'];

/** Only listing works without a server; the rest is 405 as in JupyterHub. */
function requireServer(server: string | undefined): string {
  if (server === undefined) throw new HubError(405);
  return server;
}

/** `/hub/api/shares/{owner}[/{server}]`: who may use an owner's servers (JupyterHub 5). */
@Controller('api/shares')
export class ServerSharesController {
  constructor(@Inject(SharesService) private readonly shares: SharesService) {}

  @Get(PATHS)
  @NeedsScope('read:shares')
  @EmptyTrailingParam('server_name')
  async list(
    @Req() request: HubRequest,
    @Param('user_name') owner: string,
    @Param('server_name') server?: string,
  ): Promise<object> {
    return server === undefined
      ? this.shares.listByOwner(request, owner)
      : this.shares.listByServer(request, owner, server);
  }

  @Post(PATHS)
  @NeedsScope('shares')
  @EmptyTrailingParam('server_name')
  @HttpCode(200)
  async grant(
    @Req() request: HubRequest,
    @Param('user_name') owner: string,
    @Body() body: unknown,
    @Param('server_name') server?: string,
  ): Promise<object> {
    const name = requireServer(server);
    return this.shares.grant(request.hubAuth as AuthContext, owner, name, body);
  }

  @Patch(PATHS)
  @NeedsScope('shares')
  @EmptyTrailingParam('server_name')
  async revoke(
    @Param('user_name') owner: string,
    @Body() body: unknown,
    @Param('server_name') server?: string,
  ): Promise<object> {
    return this.shares.revoke(owner, requireServer(server), body);
  }

  @Delete(PATHS)
  @NeedsScope('shares')
  @EmptyTrailingParam('server_name')
  @HttpCode(204)
  async revokeAll(
    @Param('user_name') owner: string,
    @Param('server_name') server?: string,
  ): Promise<void> {
    await this.shares.revokeAll(owner, requireServer(server));
  }
}
