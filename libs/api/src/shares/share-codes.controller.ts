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
import { Auth } from '../auth/auth.decorator';
import { NeedsScope } from '../auth/needs-scope.decorator';
import { listByOwnerOrServer, OwnerServerRoute, requireServer } from './owner-server-params';
import { ShareCodesService } from './share-codes.service';

/** `/hub/api/share-codes/{owner}[/{server}]`: invitations to an owner's servers. */
@Controller('api/share-codes')
export class ShareCodesController {
  constructor(@Inject(ShareCodesService) private readonly codes: ShareCodesService) {}

  @OwnerServerRoute(Get)
  @NeedsScope('read:shares')
  async list(
    @Req() request: HubRequest,
    @Param('user_name') owner: string,
    @Param('server_name') server?: string,
  ): Promise<object> {
    return listByOwnerOrServer(this.codes, request, owner, server);
  }

  @OwnerServerRoute(Post)
  @NeedsScope('shares')
  @HttpCode(200)
  async issue(
    @Auth() auth: AuthContext,
    @Param('user_name') owner: string,
    @Body() body: unknown,
    @Param('server_name') server?: string,
  ): Promise<object> {
    const name = requireServer(server);
    return this.codes.issue(auth, owner, name, body);
  }

  @OwnerServerRoute(Delete)
  @NeedsScope('shares')
  @HttpCode(204)
  async revoke(
    @Param('user_name') owner: string,
    @Query() query: Record<string, unknown>,
    @Param('server_name') server?: string,
  ): Promise<void> {
    await this.codes.revoke(owner, requireServer(server), query);
  }
}
