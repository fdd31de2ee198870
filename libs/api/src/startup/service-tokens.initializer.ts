import { Inject, Injectable } from '@nestjs/common';
import {
  ApiTokenEntity,
  hashToken,
  HubConfig,
  matchesTokenHash,
  OAuthClientEntity,
  PROVIDED_TOKEN_ROUNDS,
  ServiceEntity,
  ServiceSpec,
} from '@orrery/core';
import { EntityManager, In, Not } from 'typeorm';
import { RolesService } from '../domain/roles.service';
import { TokensService } from '../domain/tokens.service';
import { UsersService } from '../domain/users.service';

export const CONFIG_TOKEN_NOTE = 'from config';

/**
 * Services declared in the config file, their tokens and OAuth clients, and the user tokens
 * of `JupyterHub.api_tokens`. Tokens chosen by a person are hashed with many rounds; an
 * unchanged config token keeps its row (and its last_activity).
 */
@Injectable()
export class ServiceTokensInitializer {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(RolesService) private readonly roles: RolesService,
    @Inject(TokensService) private readonly tokens: TokensService,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  async syncServices(manager: EntityManager): Promise<void> {
    const repository = manager.getRepository(ServiceEntity);
    const specs = this.config.JupyterHub.services;
    const stale = await repository.findBy({
      fromConfig: true,
      name: Not(In(specs.map((spec) => spec.name))),
    });
    for (const service of stale) await this.removeService(service, manager);
    for (const spec of specs) {
      const existing = await repository.findOneBy({ name: spec.name });
      const fields = {
        admin: spec.admin ?? false,
        url: spec.url ?? null,
        info: spec.info ?? {},
        display: spec.display ?? true,
        oauthNoConfirm: spec.oauth_no_confirm ?? false,
        command: spec.command ?? null,
        fromConfig: true,
        oauthClientId: this.hasOAuthClient(spec) ? this.clientIdOf(spec) : null,
      };
      const service = existing
        ? { ...existing, ...fields }
        : repository.create({ name: spec.name, pid: 0, serverId: null, ...fields });
      const saved = await repository.save(service);
      await this.roles.syncAdmin('service', saved.id, fields.admin, manager);
      if (spec.api_token)
        await this.syncConfigToken({ serviceId: saved.id }, spec.api_token, manager);
      if (fields.oauthClientId) await this.syncServiceClient(spec, fields.oauthClientId, manager);
    }
  }

  async syncUserTokens(manager: EntityManager): Promise<void> {
    for (const [token, userName] of Object.entries(this.config.JupyterHub.api_tokens)) {
      const user = await this.users.ensure(userName, manager);
      await this.syncConfigToken({ userId: user.id }, token, manager);
    }
  }

  private hasOAuthClient(spec: ServiceSpec): boolean {
    return Boolean(
      spec.url || spec.oauth_client_id || spec.oauth_redirect_uri || spec.oauth_no_confirm,
    );
  }

  private clientIdOf(spec: ServiceSpec): string {
    return spec.oauth_client_id ?? `service-${spec.name}`;
  }

  private async syncServiceClient(
    spec: ServiceSpec,
    identifier: string,
    manager: EntityManager,
  ): Promise<void> {
    const clients = manager.getRepository(OAuthClientEntity);
    const prefix = `${this.config.JupyterHub.base_url}services/${encodeURIComponent(spec.name)}/`;
    const existing = await clients.findOneBy({ identifier });
    const fields = {
      description: `Service ${spec.name}`,
      secret: spec.api_token ? hashToken(spec.api_token, PROVIDED_TOKEN_ROUNDS) : '',
      redirectUri: spec.oauth_redirect_uri ?? `${prefix}oauth_callback`,
      allowedScopes: [
        ...(spec.oauth_client_allowed_scopes ?? []),
        `access:services!service=${spec.name}`,
      ],
    };
    await clients.save(
      existing ? { ...existing, ...fields } : clients.create({ identifier, ...fields }),
    );
  }

  private async syncConfigToken(
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

  private async removeService(service: ServiceEntity, manager: EntityManager): Promise<void> {
    await manager.getRepository(ServiceEntity).delete({ id: service.id });
    if (service.oauthClientId)
      await manager.getRepository(OAuthClientEntity).delete({ identifier: service.oauthClientId });
  }
}
