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
import { AuthContext, HubRequest } from '../auth/auth-context';
import { EmptyTrailingParam, NeedsScope } from '../auth/needs-scope.decorator';
import { listByOwnerOrServer, OWNER_SERVER_PATHS, requireServer } from './owner-server-params';
import { ShareCodesService } from './share-codes.service';

/** `/hub/api/share-codes/{owner}[/{server}]`: invitations to an owner's servers. */
@Controller('api/share-codes')
export class ShareCodesController {
  constructor(@Inject(ShareCodesService) private readonly codes: ShareCodesService) {}

  @Get(OWNER_SERVER_PATHS)
  @NeedsScope('read:shares')
  @EmptyTrailingParam('server_name')
  async list(
    @Req() request: HubRequest,
    @Param('user_name') owner: string,
    @Param('server_name') server?: string,
  ): Promise<object> {
    return listByOwnerOrServer(this.codes, request, owner, server);
  }

  @Post(OWNER_SERVER_PATHS)
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

  @Delete(OWNER_SERVER_PATHS)
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
