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
import { AuthContext, HubRequest } from '../auth/auth-context';
import { Auth } from '../auth/auth.decorator';
import { NeedsScope } from '../auth/needs-scope.decorator';
import { listByOwnerOrServer, OwnerServerRoute, requireServer } from './owner-server-params';
import { SharesService } from './shares.service';

/** `/hub/api/shares/{owner}[/{server}]`: who may use an owner's servers (JupyterHub 5). */
@Controller('api/shares')
export class ServerSharesController {
  constructor(@Inject(SharesService) private readonly shares: SharesService) {}

  @OwnerServerRoute(Get)
  @NeedsScope('read:shares')
  async list(
    @Req() request: HubRequest,
    @Param('user_name') owner: string,
    @Param('server_name') server?: string,
  ): Promise<object> {
    return listByOwnerOrServer(this.shares, request, owner, server);
  }

  @OwnerServerRoute(Post)
  @NeedsScope('shares')
  @HttpCode(200)
  async grant(
    @Auth() auth: AuthContext,
    @Param('user_name') owner: string,
    @Body() body: unknown,
    @Param('server_name') server?: string,
  ): Promise<object> {
    const name = requireServer(server);
    return this.shares.grant(auth, owner, name, body);
  }

  @OwnerServerRoute(Patch)
  @NeedsScope('shares')
  async revoke(
    @Param('user_name') owner: string,
    @Body() body: unknown,
    @Param('server_name') server?: string,
  ): Promise<object> {
    return this.shares.revoke(owner, requireServer(server), body);
  }

  @OwnerServerRoute(Delete)
  @NeedsScope('shares')
  @HttpCode(204)
  async revokeAll(
    @Param('user_name') owner: string,
    @Param('server_name') server?: string,
  ): Promise<void> {
    await this.shares.revokeAll(owner, requireServer(server));
  }
}
