import { Inject, Injectable } from '@nestjs/common';
import {
  ApiTokenEntity,
  hashToken,
  HubConfig,
  matchesTokenHash,
  OAuthClientEntity,
  PROVIDED_TOKEN_ROUNDS,
  ServerEntity,
  ServiceEntity,
  subdomainHostOf,
} from '@orrery/core';
import { EntityManager, In } from 'typeorm';
import { RolesService } from '../domain/roles.service';
import { TokensService } from '../domain/tokens.service';
import {
  oauthClientIdOf,
  redirectUriOf,
  serverAddressOf,
  servicePrefix,
  ServiceRecordSpec,
  serviceSpecProblem,
  wantsOAuthClient,
} from './service-spec';

/** JupyterHub's note on tokens a person chose (config `api_token`, runtime services too). */
export const CONFIG_TOKEN_NOTE = 'from config';

/** JupyterHub's note on the token of a managed service that has no `api_token`. */
export const STARTUP_TOKEN_NOTE = 'generated at startup';

export class ServiceSpecError extends Error {}

/**
 * Writes a service as JupyterHub's `service_from_spec` does, for the config file at start
 * and for `POST /hub/api/services/:name`: the services row, the admin role, a servers row
 * when it has a URL, its OAuth client, and the token it was given. Callers pass the
 * transaction's manager.
 */
@Injectable()
export class ServiceRecordsService {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(RolesService) private readonly roles: RolesService,
    @Inject(TokensService) private readonly tokens: TokensService,
  ) {}

  private get baseUrl(): string {
    return this.config.JupyterHub.base_url;
  }

  /** Creates or updates the service; throws ServiceSpecError for a spec JupyterHub refuses. */
  async save(
    spec: ServiceRecordSpec,
    fromConfig: boolean,
    manager: EntityManager,
    /** insert only: a concurrent create then fails on the unique name instead of updating */
    createOnly = false,
  ): Promise<ServiceEntity> {
    const problem = serviceSpecProblem(spec);
    if (problem) throw new ServiceSpecError(problem);
    const repository = manager.getRepository(ServiceEntity);
    const existing = createOnly ? null : await repository.findOneBy({ name: spec.name });
    const clientId = wantsOAuthClient(spec) ? oauthClientIdOf(spec) : null;
    const fields = {
      admin: spec.admin ?? false,
      url: spec.url || null,
      info: spec.info ?? {},
      display: spec.display ?? true,
      oauthNoConfirm: spec.oauth_no_confirm ?? false,
      command: spec.command ?? null,
      fromConfig,
      oauthClientId: clientId,
      serverId: await this.saveServer(spec, existing?.serverId ?? null, manager),
    };
    if (existing?.oauthClientId && existing.oauthClientId !== clientId) {
      await manager.getRepository(OAuthClientEntity).delete({ identifier: existing.oauthClientId });
    }
    const saved = await repository.save(
      existing
        ? { ...existing, ...fields }
        : repository.create({ name: spec.name, pid: 0, ...fields }),
    );
    await this.roles.syncAdmin('service', saved.id, fields.admin, manager);
    if (clientId) await this.saveClient(spec, clientId, manager);
    if (spec.api_token)
      await this.syncConfigToken({ serviceId: saved.id }, spec.api_token, manager);
    return saved;
  }

  /**
   * A new token for a managed service without `api_token`, at every start; it is also the
   * secret of its OAuth client, as the service uses it for the code exchange.
   */
  async issueStartupToken(service: ServiceEntity, manager: EntityManager): Promise<string> {
    // JupyterHub keeps the earlier ones (a TODO in its code); the processes that held them
    // were stopped with the hub, so they only widen what a leaked database row exposes
    await manager
      .getRepository(ApiTokenEntity)
      .delete({ serviceId: service.id, note: STARTUP_TOKEN_NOTE });
    const { token } = await this.tokens.issue(
      { owner: { serviceId: service.id }, scopes: ['inherit'], note: STARTUP_TOKEN_NOTE },
      manager,
    );
    if (service.oauthClientId) {
      await manager
        .getRepository(OAuthClientEntity)
        .update(
          { identifier: service.oauthClientId },
          { secret: hashToken(token, PROVIDED_TOKEN_ROUNDS) },
        );
    }
    return token;
  }

  /** Deletes the service with its OAuth client (and so the client's tokens) and server row. */
  async remove(service: ServiceEntity, manager: EntityManager): Promise<void> {
    await manager.getRepository(ServiceEntity).delete({ id: service.id });
    if (service.oauthClientId) {
      await manager.getRepository(OAuthClientEntity).delete({ identifier: service.oauthClientId });
    }
    if (service.serverId !== null) {
      await manager.getRepository(ServerEntity).delete({ id: service.serverId });
    }
  }

  /**
   * A token chosen in the config (or a runtime spec): hashed with many rounds; an unchanged
   * token keeps its row (and its last_activity), a replaced one is deleted.
   */
  async syncConfigToken(
    owner: { userId: number } | { serviceId: number },
    token: string,
    manager: EntityManager,
  ): Promise<void> {
    const repository = manager.getRepository(ApiTokenEntity);
    const where = 'userId' in owner ? { userId: owner.userId } : { serviceId: owner.serviceId };
    const current = await repository.findBy({ ...where, note: CONFIG_TOKEN_NOTE });
    const keep = current.find((row) => matchesTokenHash(token, row.hashed));
    const obsolete = current.filter((row) => row !== keep).map((row) => row.id);
    if (obsolete.length) await repository.delete({ id: In(obsolete) });
    if (!keep) {
      await this.tokens.issue(
        {
          owner,
          scopes: ['inherit'],
          note: CONFIG_TOKEN_NOTE,
          value: token,
          rounds: PROVIDED_TOKEN_ROUNDS,
        },
        manager,
      );
    }
  }

  /** The servers row of a service with a URL (its proxy target); none without a URL. */
  private async saveServer(
    spec: ServiceRecordSpec,
    serverId: number | null,
    manager: EntityManager,
  ): Promise<number | null> {
    const servers = manager.getRepository(ServerEntity);
    if (!spec.url) {
      if (serverId !== null) await servers.delete({ id: serverId });
      return null;
    }
    const fields = {
      ...serverAddressOf(spec.url),
      baseUrl: servicePrefix(this.baseUrl, spec.name),
      cookieName: oauthClientIdOf(spec),
    };
    if (serverId !== null && (await servers.existsBy({ id: serverId }))) {
      await servers.update({ id: serverId }, fields);
      return serverId;
    }
    return (await servers.save(servers.create(fields))).id;
  }

  private async saveClient(
    spec: ServiceRecordSpec,
    identifier: string,
    manager: EntityManager,
  ): Promise<void> {
    const clients = manager.getRepository(OAuthClientEntity);
    const existing = await clients.findOneBy({ identifier });
    const allowed = new Set(spec.oauth_client_allowed_scopes ?? []);
    allowed.add(`access:services!service=${spec.name}`);
    const fields = {
      description: `JupyterHub service ${spec.name}`,
      secret: spec.api_token ? hashToken(spec.api_token, PROVIDED_TOKEN_ROUNDS) : '',
      redirectUri:
        redirectUriOf(spec, this.baseUrl, subdomainHostOf(this.config.JupyterHub.subdomain_host)) ??
        '',
      allowedScopes: [...allowed].sort(),
    };
    await clients.save(
      existing ? { ...existing, ...fields } : clients.create({ identifier, ...fields }),
    );
  }
}
