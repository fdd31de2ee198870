import { Controller, Get, Inject, Param, Post, Req } from '@nestjs/common';
import {
  ApiTokenEntity,
  Clock,
  HubConfig,
  HubError,
  ServiceEntity,
  UserEntity,
} from '@orrery/core';
import { filterServiceModel, identifyScopes, ScopeSet } from '@orrery/rbac';
import { DataSource } from 'typeorm';
import { AuthContext, HubRequest } from '../auth/auth-context';
import { Public } from '../auth/needs-scope.decorator';
import { TokenAuthService } from '../auth/token-auth.service';
import { RolesService } from '../domain/roles.service';
import { serviceModel } from '../models/service-model';
import { UserModelService } from '../models/user-model.service';

const TOKEN_POST_REMOVED =
  'Deprecated endpoint /hub/api/authorizations/token is removed in JupyterHub 2.0.' +
  ' Use /hub/api/users/:user/tokens instead.';

/**
 * The legacy `/hub/api/authorizations/*` endpoints (deprecated since JupyterHub 2.0, still
 * used by old single-user servers and services). They take a token credential only (a
 * bare 403 otherwise) and no scope.
 */
@Controller('api/authorizations')
export class AuthorizationsController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(TokenAuthService) private readonly tokens: TokenAuthService,
    @Inject(UserModelService) private readonly userModels: UserModelService,
    @Inject(RolesService) private readonly roles: RolesService,
  ) {}

  /**
   * The owner of the token in the path. Holding a token is enough to identify its owner, so
   * the owner's identify scopes are added; seeing the token also counts as its activity.
   */
  @Get('token/:token')
  @Public()
  async token(
    @Req() request: HubRequest,
    @Param('token') token: string,
  ): Promise<Record<string, unknown>> {
    const caller = this.requireTokenCaller(request);
    const row = await this.tokens.findToken(token);
    const owner = row?.user ?? row?.service;
    if (!row || !owner) throw new HubError(404);
    const kind = row.user ? 'user' : 'service';
    const seeing = new ScopeSet([
      ...caller.scopes.scopes,
      ...identifyScopes({ kind, name: owner.name }),
    ]);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(ApiTokenEntity).update({ id: row.id }, { lastActivity: now });
      if (row.user)
        await manager.getRepository(UserEntity).update({ id: row.user.id }, { lastActivity: now });
    });
    if (row.user) {
      row.user.lastActivity = now;
      return this.userModels.model(row.user, seeing);
    }
    return this.serviceModel(row.service as ServiceEntity, seeing);
  }

  @Post('token')
  @Public()
  removedTokenRequest(): never {
    throw new HubError(404, TOKEN_POST_REMOVED);
  }

  /**
   * Resolving a hub login cookie for a server. Orrery has no login cookies yet (they arrive
   * with the login pages), so no cookie names a user: always 404 after the token check.
   */
  @Get(['cookie/:cookie_name', 'cookie/:cookie_name/:cookie_value'])
  @Public()
  cookie(@Req() request: HubRequest): never {
    this.requireTokenCaller(request);
    throw new HubError(404);
  }

  private requireTokenCaller(request: HubRequest): AuthContext {
    const caller = request.hubAuth;
    if (!caller || caller.tokenId === null) throw new HubError(403);
    return caller;
  }

  private async serviceModel(
    service: ServiceEntity,
    seeing: ScopeSet,
  ): Promise<Record<string, unknown>> {
    const roles = (await this.roles.roleNamesOf('service', [service.id])).get(service.id) ?? [];
    return filterServiceModel(
      serviceModel(service, roles, this.config.JupyterHub.base_url),
      seeing,
    );
  }
}
