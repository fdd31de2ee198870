import { Inject, Injectable, Logger } from '@nestjs/common';
import { hashToken, OAuthClientEntity, PROVIDED_TOKEN_ROUNDS } from '@orrery/core';
import { DataSource, EntityManager } from 'typeorm';

/** An OAuth client as servers and services register it (JupyterHub's `add_client`). */
export interface OAuthClientSpec {
  identifier: string;
  /** in clear; stored hashed. '' makes a client that cannot complete OAuth */
  secret: string;
  redirectUri: string;
  /** shown on the confirmation page; defaults to the identifier */
  description?: string | null;
  allowedScopes?: readonly string[];
}

/**
 * OAuth client records. A client's secret is the API token of its server or service, which
 * a person may have chosen (a service's `api_token`), so it is hashed with the slow rounds
 * of user-provided tokens. Deleting a client deletes its codes and tokens (foreign keys
 * cascade), which is how stopping a server revokes its browser sessions.
 */
@Injectable()
export class OAuthClientsService {
  private readonly logger = new Logger('oauth');

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async find(identifier: string): Promise<OAuthClientEntity | null> {
    return this.dataSource.getRepository(OAuthClientEntity).findOneBy({ identifier });
  }

  /** Creates the client or replaces its secret, redirect URI, description and scopes. */
  async upsert(
    spec: OAuthClientSpec,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<OAuthClientEntity> {
    const repository = manager.getRepository(OAuthClientEntity);
    const existing = await repository.findOneBy({ identifier: spec.identifier });
    const client = existing ?? repository.create({ identifier: spec.identifier });
    client.secret = spec.secret ? hashToken(spec.secret, PROVIDED_TOKEN_ROUNDS) : '';
    client.redirectUri = spec.redirectUri;
    client.description = spec.description || spec.identifier;
    client.allowedScopes = [...(spec.allowedScopes ?? [])];
    this.logger.log(`${existing ? 'Updating' : 'Creating'} oauth client ${spec.identifier}`);
    return repository.save(client);
  }

  /** Deletes the client with its codes and tokens; false when there was none. */
  async delete(
    identifier: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const result = await manager.getRepository(OAuthClientEntity).delete({ identifier });
    const deleted = (result.affected ?? 0) > 0;
    if (deleted) this.logger.log(`Removed oauth client ${identifier}`);
    return deleted;
  }
}
