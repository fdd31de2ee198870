import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { HubRequest } from '../auth/auth-context';
import { NeedsScope, Public } from '../auth/needs-scope.decorator';
import { UserTokensService } from './user-tokens.service';

/** `/hub/api/users/{name}/tokens[/{token_id}]` (JupyterHub's UserToken*APIHandler). */
@Controller('api/users/:user_name/tokens')
export class UserTokensController {
  constructor(@Inject(UserTokensService) private readonly tokens: UserTokensService) {}

  @Get()
  @NeedsScope('read:tokens')
  async list(@Param('user_name') userName: string): Promise<Record<string, unknown>> {
    return { api_tokens: await this.tokens.list(userName) };
  }

  /** Authorised inside (quirk 6: the requester's kind picks the filter kind). */
  @Post()
  @Public()
  @HttpCode(201)
  async create(
    @Req() request: HubRequest,
    @Param('user_name') userName: string,
    @Body() body: unknown,
  ): Promise<Record<string, unknown>> {
    return this.tokens.create(request.hubAuth, userName, body);
  }

  @Get(':token_id')
  @NeedsScope('read:tokens')
  async get(
    @Param('user_name') userName: string,
    @Param('token_id') tokenId: string,
  ): Promise<Record<string, unknown>> {
    return this.tokens.get(userName, tokenId);
  }

  @Delete(':token_id')
  @NeedsScope('tokens')
  @HttpCode(204)
  async delete(
    @Param('user_name') userName: string,
    @Param('token_id') tokenId: string,
  ): Promise<void> {
    await this.tokens.delete(userName, tokenId);
  }
}
