import { Controller, Get, Inject } from '@nestjs/common';
import { HubConfig, HubError, ServiceEntity } from '@orrery/core';
import { filterServiceModel, identifyScopes, ScopeSet } from '@orrery/rbac';
import { DataSource } from 'typeorm';
import { AuthCache } from '../auth/auth-cache';
import { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/auth.decorator';
import { Authenticated } from '../auth/needs-scope.decorator';
import { RolesService } from '../domain/roles.service';
import { serviceModel } from '../models/service-model';
import { UserModelService } from '../models/user-model.service';
import { userById } from '../models/user-rows';
import { MISSING_CREDENTIALS } from '../auth/scope.guard';

/** What a resolved credential sees of itself, and its last response while that is current. */
interface SelfView {
  seeing: ScopeSet;
  sortedScopes: string[];
  body?: Record<string, unknown>;
  /** AuthCache.modelGeneration read before `body`'s model was */
  generation?: number;
}

/**
 * `GET /hub/api/user`: who am I. Any credential works; the caller always sees its own
 * identity (the identify scopes are added for this call), plus the token id, session id
 * and the request's expanded scopes.
 *
 * The response is kept per resolved credential (a cached AuthContext lives until the auth
 * cache drops it) and reused until AuthCache's model generation moves, which every write a
 * model could show makes it do; the database reads cost most of this request otherwise.
 */
@Controller('api/user')
export class SelfController {
  private readonly views = new WeakMap<AuthContext, SelfView>();

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(UserModelService) private readonly userModels: UserModelService,
    @Inject(RolesService) private readonly roles: RolesService,
    @Inject(AuthCache) private readonly authCache: AuthCache,
  ) {}

  @Get()
  @Authenticated()
  async whoami(@Auth() auth: AuthContext): Promise<Record<string, unknown>> {
    const view = this.viewOf(auth);
    const generation = this.authCache.modelGeneration;
    if (view.body && view.generation === generation) return view.body;
    const model =
      auth.kind === 'user'
        ? await this.userModel(auth, view.seeing)
        : await this.serviceModel(auth, view.seeing);
    const body = {
      ...model,
      token_id: auth.tokenId === null ? null : `a${auth.tokenId}`,
      session_id: auth.sessionId,
      scopes: view.sortedScopes,
    };
    // stamped with the generation from before the reads: a write during them makes it stale
    Object.assign(view, { body, generation });
    return body;
  }

  private viewOf(auth: AuthContext): SelfView {
    let view = this.views.get(auth);
    if (!view) {
      const owner = { kind: auth.kind, name: auth.name };
      view = {
        seeing: new ScopeSet([...auth.scopes.scopes, ...identifyScopes(owner)]),
        sortedScopes: [...auth.scopes.scopes].sort(),
      };
      this.views.set(auth, view);
    }
    return view;
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
