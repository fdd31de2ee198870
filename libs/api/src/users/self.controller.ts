import { Controller, Get, Inject, Req } from '@nestjs/common';
import { HubConfig, HubError, ServiceEntity } from '@orrery/core';
import { filterServiceModel, identifyScopes, ScopeSet } from '@orrery/rbac';
import { DataSource } from 'typeorm';
import { AuthContext, HubRequest } from '../auth/auth-context';
import { Authenticated } from '../auth/needs-scope.decorator';
import { RolesService } from '../domain/roles.service';
import { serviceModel } from '../models/service-model';
import { UserModelService } from '../models/user-model.service';
import { userById } from '../models/user-rows';
import { MISSING_CREDENTIALS } from '../auth/scope.guard';

/**
 * `GET /hub/api/user`: who am I. Any credential works; the caller always sees its own
 * identity (the identify scopes are added for this call), plus the token id, session id
 * and the request's expanded scopes.
 */
@Controller('api/user')
export class SelfController {
  private readonly identities = new WeakMap<
    AuthContext,
    { seeing: ScopeSet; sortedScopes: string[] }
  >();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(UserModelService) private readonly userModels: UserModelService,
    @Inject(RolesService) private readonly roles: RolesService,
  ) {}

  @Get()
  @Authenticated()
  async whoami(@Req() request: HubRequest): Promise<Record<string, unknown>> {
    const auth = request.hubAuth as AuthContext;
    const { seeing, sortedScopes } = this.identityScopes(auth);
    const model =
      auth.kind === 'user'
        ? await this.userModel(auth, seeing)
        : await this.serviceModel(auth, seeing);
    return {
      ...model,
      token_id: auth.tokenId === null ? null : `a${auth.tokenId}`,
      session_id: auth.sessionId,
      scopes: sortedScopes,
    };
  }

  /**
   * What the caller sees of itself, computed once per resolved credential: a cached AuthContext
   * lives until the auth cache drops it, and so does this.
   */
  private identityScopes(auth: AuthContext): { seeing: ScopeSet; sortedScopes: string[] } {
    let cached = this.identities.get(auth);
    if (!cached) {
      const owner = { kind: auth.kind, name: auth.name };
      cached = {
        seeing: new ScopeSet([...auth.scopes.scopes, ...identifyScopes(owner)]),
        sortedScopes: [...auth.scopes.scopes].sort(),
      };
      this.identities.set(auth, cached);
    }
    return { seeing: cached.seeing, sortedScopes: [...cached.sortedScopes] };
  }

  private async userModel(auth: AuthContext, seeing: ScopeSet): Promise<Record<string, unknown>> {
    const user = await userById(this.dataSource, auth.id);
    if (!user) throw new HubError(403, MISSING_CREDENTIALS);
    return this.userModels.model(user, seeing);
  }

  private async serviceModel(
    auth: AuthContext,
    seeing: ScopeSet,
  ): Promise<Record<string, unknown>> {
    const service = await this.dataSource
      .getRepository(ServiceEntity)
      .findOneByOrFail({ id: auth.id });
    const roles = (await this.roles.roleNamesOf('service', [service.id])).get(service.id) ?? [];
    return filterServiceModel(
      serviceModel(service, roles, this.config.JupyterHub.base_url),
      seeing,
    );
  }
}
