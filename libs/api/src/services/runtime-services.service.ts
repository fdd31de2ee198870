import { Inject, Injectable } from '@nestjs/common';
import {
  HubError,
  isUniqueViolation,
  MIN_PROVIDED_TOKEN_LENGTH,
  OAuthClientEntity,
  ServiceEntity,
} from '@orrery/core';
import { defaultRoles, expandScopes, intersectScopes, validateScopes } from '@orrery/rbac';
import { DataSource } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { OwnerScopesService } from '../auth/owner-scopes.service';
import { TokenAuthService } from '../auth/token-auth.service';
import { parseRuntimeService } from './runtime-service-request';
import { ServiceRecordsService } from './service-records.service';
import {
  oauthClientIdOf,
  ServiceRecordSpec,
  serviceSpecProblem,
  wantsOAuthClient,
} from './service-spec';

/**
 * Services created and deleted through the API (JupyterHub 5): external only, stored with
 * `from_config` false so a restart keeps them and the config cannot take them over. All
 * checks run before the one transaction that writes.
 */
@Injectable()
export class RuntimeServicesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ServiceRecordsService) private readonly records: ServiceRecordsService,
    @Inject(OwnerScopesService) private readonly ownerScopes: OwnerScopesService,
    @Inject(TokenAuthService) private readonly tokenAuth: TokenAuthService,
  ) {}

  async create(name: string, body: unknown, caller: AuthContext): Promise<ServiceEntity> {
    await this.refuseExisting(name);
    const spec = parseRuntimeService(name, body);
    await this.checkRequestedScopes(spec, caller);
    if (spec.command?.length) {
      throw new HubError(400, `Can not create managed service ${name} at runtime`);
    }
    const problem = serviceSpecProblem(spec) ?? (await this.conflictOf(spec));
    if (problem) {
      // a concurrent request that created this very service also took its token or client id
      await this.refuseExisting(name);
      throw new HubError(400, `Failed to create service ${name}: ${problem}`);
    }
    try {
      return await this.dataSource.transaction((manager) =>
        this.records.save(spec, false, manager, true),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new HubError(409, `Service ${name} already exists`);
      throw error;
    }
  }

  private async refuseExisting(name: string): Promise<void> {
    if (await this.dataSource.getRepository(ServiceEntity).existsBy({ name })) {
      throw new HubError(409, `Service ${name} already exists`);
    }
  }

  async remove(name: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const service = await manager.getRepository(ServiceEntity).findOneBy({ name });
      if (!service) throw new HubError(404, `Service ${name} does not exist`);
      if (service.fromConfig) {
        throw new HubError(405, `Service ${name} is not modifiable at runtime`);
      }
      await this.records.remove(service, manager);
    });
  }

  /** A chosen token must be long enough and not be anyone's token already; a client id unused. */
  private async conflictOf(spec: ServiceRecordSpec): Promise<string | null> {
    const token = spec.api_token;
    if (token !== undefined) {
      if (token.length < MIN_PROVIDED_TOKEN_LENGTH) {
        return `api_token must be at least ${MIN_PROVIDED_TOKEN_LENGTH} characters, got ${token.length}`;
      }
      if (await this.tokenAuth.findToken(token)) return 'api_token is already in use';
    }
    if (wantsOAuthClient(spec)) {
      const identifier = oauthClientIdOf(spec);
      const clients = this.dataSource.getRepository(OAuthClientEntity);
      if (await clients.existsBy({ identifier })) {
        return `oauth_client_id ${identifier} is already in use`;
      }
    }
    return null;
  }

  /**
   * JupyterHub's `_check_service_scopes`: whoever creates a service can give it (through
   * `admin` or its OAuth clients' scopes) only what they hold themselves.
   */
  private async checkRequestedScopes(spec: ServiceRecordSpec, caller: AuthContext): Promise<void> {
    const requested = new Set<string>(spec.oauth_client_allowed_scopes ?? []);
    if (spec.admin) {
      const admin = defaultRoles().find((role) => role.name === 'admin');
      for (const scope of admin?.scopes ?? []) requested.add(scope);
    }
    requested.delete('inherit');
    if (!requested.size) return;
    const custom = this.ownerScopes.customScopes;
    const owner = { kind: caller.kind, name: caller.name };
    let wanted: string[];
    try {
      validateScopes(requested, custom);
      wanted = expandScopes(requested, owner, undefined, custom);
    } catch (error) {
      throw new HubError(400, (error as Error).message);
    }
    const held = await this.ownerScopes.ownerScopes(owner, caller.id);
    const membersOf = await this.ownerScopes.membersOf([wanted, held]);
    const granted = new Set(intersectScopes(wanted, held, membersOf));
    const excess = wanted.filter((scope) => !granted.has(scope));
    if (excess.length) {
      const kind = caller.kind === 'user' ? 'User' : 'Service';
      throw new HubError(
        400,
        `Not assigning requested scopes ${excess.join(',')} not held by ${kind} ${caller.name}`,
      );
    }
  }
}
