import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import { HubError } from '@orrery/core';
import { AuthContext, HubRequest } from '../auth/auth-context';
import { EmptyTrailingParam, NeedsScope } from '../auth/needs-scope.decorator';
import { ShareCodesService } from './share-codes.service';

const PATHS = [':user_name', ':user_name/:server_name'];

function requireServer(server: string | undefined): string {
  if (server === undefined) throw new HubError(405);
  return server;
}

/** `/hub/api/share-codes/{owner}[/{server}]`: invitations to an owner's servers. */
@Controller('api/share-codes')
export class ShareCodesController {
  constructor(@Inject(ShareCodesService) private readonly codes: ShareCodesService) {}

  @Get(PATHS)
  @NeedsScope('read:shares')
  @EmptyTrailingParam('server_name')
  async list(
    @Req() request: HubRequest,
    @Param('user_name') owner: string,
    @Param('server_name') server?: string,
  ): Promise<object> {
    return server === undefined
      ? this.codes.listByOwner(request, owner)
      : this.codes.listByServer(request, owner, server);
  }

  @Post(PATHS)
  @NeedsScope('shares')
  @EmptyTrailingParam('server_name')
  @HttpCode(200)
  async issue(
    @Req() request: HubRequest,
    @Param('user_name') owner: string,
    @Body() body: unknown,
    @Param('server_name') server?: string,
  ): Promise<object> {
    const name = requireServer(server);
    return this.codes.issue(request.hubAuth as AuthContext, owner, name, body);
  }

  @Delete(PATHS)
  @NeedsScope('shares')
  @EmptyTrailingParam('server_name')
  @HttpCode(204)
  async revoke(
    @Param('user_name') owner: string,
    @Query() query: Record<string, unknown>,
    @Param('server_name') server?: string,
  ): Promise<void> {
    await this.codes.revoke(owner, requireServer(server), query);
  }
}
