import { Inject, Injectable } from '@nestjs/common';
import { ApiTokenEntity, OAuthClientEntity } from '@orrery/core';
import { OAuthClientRef, tokenEffectiveScopes } from '@orrery/rbac';
import { DataSource, In } from 'typeorm';
import { OwnerScopesService } from '../auth/owner-scopes.service';
import { TokenOwner, tokenModel } from './token-model';

/** Token models for one owner's tokens: the owner's scopes and each client are read once. */
@Injectable()
export class TokenModelService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(OwnerScopesService) private readonly ownerScopes: OwnerScopesService,
  ) {}

  async models(owner: TokenOwner, rows: ApiTokenEntity[]): Promise<Record<string, unknown>[]> {
    if (!rows.length) return [];
    const scopeOwner = { kind: owner.kind, name: owner.name };
    const ownerScopes = await this.ownerScopes.ownerScopes(scopeOwner, owner.id);
    const clientIds = [...new Set(rows.map((row) => row.clientId))];
    const clients = await this.dataSource
      .getRepository(OAuthClientEntity)
      .findBy({ identifier: In(clientIds) });
    const names = new Map(clients.map((c) => [c.identifier, c.description || c.identifier]));
    const refs = new Map<string, OAuthClientRef>();
    for (const id of clientIds) refs.set(id, await this.ownerScopes.clientRef(id));
    const membersOf = await this.ownerScopes.membersOf([
      ownerScopes,
      ...rows.map((row) => row.scopes),
    ]);
    return rows.map((row) => {
      const scopes = tokenEffectiveScopes({
        tokenScopes: row.scopes,
        ownerScopes,
        owner: scopeOwner,
        client: refs.get(row.clientId),
        custom: this.ownerScopes.customScopes,
        membersOf,
      });
      return tokenModel(row, owner, scopes, names.get(row.clientId) ?? row.clientId);
    });
  }

  async model(owner: TokenOwner, row: ApiTokenEntity): Promise<Record<string, unknown>> {
    return (await this.models(owner, [row]))[0];
  }
}
