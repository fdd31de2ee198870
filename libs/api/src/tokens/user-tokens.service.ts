import { Inject, Injectable } from '@nestjs/common';
import { ApiTokenEntity, Clock, HubConfig, HubError, RoleEntity, UserEntity } from '@orrery/core';
import { expandScopes, HUB_CLIENT_ID, intersectScopes } from '@orrery/rbac';
import { DataSource, In } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { OwnerScopesService } from '../auth/owner-scopes.service';
import { ResourceGroupsService } from '../auth/resource-groups.service';
import { TokensService } from '../domain/tokens.service';
import { UsersService } from '../domain/users.service';
import { TokenModelService } from './token-model.service';
import { TokenOwner } from './token-model';
import {
  checkExpiresIn,
  mayIssueTokensFor,
  noTokenPermission,
  parseTokenRequest,
  TokenRequest,
  tokenRequestBody,
  tokenScopeExistenceError,
} from './token-request';

/** Largest id PostgreSQL's integer holds; larger ids cannot exist (and would fail the query). */
const MAX_ID = 2 ** 31 - 1;

/** A user's API and OAuth tokens: list, issue, look up by `a<id>`, revoke. */
@Injectable()
export class UserTokensService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(TokensService) private readonly tokens: TokensService,
    @Inject(OwnerScopesService) private readonly ownerScopes: OwnerScopesService,
    @Inject(ResourceGroupsService) private readonly resourceGroups: ResourceGroupsService,
    @Inject(TokenModelService) private readonly tokenModels: TokenModelService,
  ) {}

  /** All the user's tokens, oldest activity first; expired ones are deleted on the way. */
  async list(userName: string): Promise<Record<string, unknown>[]> {
    const user = await this.users.requireByName(userName);
    const repository = this.dataSource.getRepository(ApiTokenEntity);
    const rows = await repository.find({ where: { userId: user.id }, order: { id: 'ASC' } });
    const now = this.clock.now().getTime();
    const expired = rows.filter((row) => row.expiresAt && row.expiresAt.getTime() < now);
    if (expired.length) await repository.delete({ id: In(expired.map((row) => row.id)) });
    const live = rows.filter((row) => !expired.includes(row));
    const sortKey = (row: ApiTokenEntity) => (row.lastActivity ?? row.created).getTime();
    live.sort((a, b) => sortKey(a) - sortKey(b));
    return this.tokenModels.models(ownerOf(user), live);
  }

  async get(userName: string, tokenId: string): Promise<Record<string, unknown>> {
    const user = await this.users.requireByName(userName);
    return this.tokenModels.model(ownerOf(user), await this.find(user, tokenId));
  }

  /** Revoking an OAuth token revokes every token of that user from the same client (quirk 8). */
  async delete(userName: string, tokenId: string): Promise<void> {
    const user = await this.users.requireByName(userName);
    const row = await this.find(user, tokenId);
    const repository = this.dataSource.getRepository(ApiTokenEntity);
    if (row.clientId === HUB_CLIENT_ID) await repository.delete({ id: row.id });
    else await repository.delete({ userId: user.id, clientId: row.clientId });
  }

  /**
   * `POST /users/{name}/tokens`. The route is public because JupyterHub authorises inside:
   * without a credential it would ask the Authenticator about `body.auth`, which Orrery
   * does not offer, so that path always ends in 403.
   */
  async create(
    auth: AuthContext | undefined,
    userName: string,
    rawBody: unknown,
  ): Promise<Record<string, unknown>> {
    const body = tokenRequestBody(rawBody);
    if (!auth) throw new HubError(403);
    const user = await this.users.findByName(userName);
    const groups = user ? await this.resourceGroups.groupsOf(user.name) : [];
    if (!user || !mayIssueTokensFor(auth.scopes, auth.kind, { name: user.name, groups })) {
      throw noTokenPermission(auth.kind, userName);
    }
    const self = auth.kind === 'user' && auth.id === user.id;
    const request = parseTokenRequest(
      body,
      this.config.JupyterHub.token_expires_in_max_seconds,
      self ? null : { kind: auth.kind, name: auth.name },
    );
    const scopes = await this.requestedScopes(request);
    const missing = tokenScopeExistenceError(scopes, this.ownerScopes.customScopes);
    if (missing) throw missing;
    await this.checkHeldByOwner(scopes, user);
    checkExpiresIn(request.expiresIn);
    const { token, row } = await this.tokens.issue({
      owner: { userId: user.id },
      scopes,
      note: request.note,
      expiresIn: request.expiresIn,
    });
    return { ...(await this.tokenModels.model(ownerOf(user), row)), token };
  }

  /** Roles become their scopes at once; with neither, the `token` role's scopes apply. */
  private async requestedScopes(request: TokenRequest): Promise<string[]> {
    if (request.scopes !== null) return request.scopes;
    const roleNames = request.roles ?? ['token'];
    if (!roleNames.length) return [];
    const roles = await this.dataSource
      .getRepository(RoleEntity)
      .findBy({ name: In([...new Set(roleNames)]) });
    if (request.roles === null) return roles.length ? roles[0].scopes : ['inherit'];
    for (const name of roleNames) {
      if (!roles.some((role) => role.name === name)) {
        throw new HubError(400, `No such role: ${name}`);
      }
    }
    return [...new Set(roles.flatMap((role) => role.scopes))].sort();
  }

  /** JupyterHub's `_check_token_scopes`: a new token may not ask for more than its owner holds. */
  private async checkHeldByOwner(scopes: string[], user: UserEntity): Promise<void> {
    const asked = new Set(scopes);
    asked.delete('inherit');
    if (!asked.size) return;
    const owner = { kind: 'user' as const, name: user.name };
    const custom = this.ownerScopes.customScopes;
    let tokenScopes: string[];
    try {
      tokenScopes = expandScopes(asked, owner, { identifier: HUB_CLIENT_ID }, custom);
    } catch (error) {
      throw new HubError(400, (error as Error).message);
    }
    if (!tokenScopes.length) return;
    const ownerScopes = await this.ownerScopes.ownerScopes(owner, user.id);
    const membersOf = await this.ownerScopes.membersOf([tokenScopes, ownerScopes]);
    const held = new Set(intersectScopes(tokenScopes, ownerScopes, membersOf));
    const excess = tokenScopes.filter((scope) => !held.has(scope));
    if (excess.length) {
      throw new HubError(
        400,
        `Not assigning requested scopes ${excess.join(',')} not held by User ${user.name}`,
      );
    }
  }

  /** A token by its API id `a<db id>`, only if it belongs to `user`; 404 otherwise. */
  private async find(user: UserEntity, tokenId: string): Promise<ApiTokenEntity> {
    const notFound = new HubError(404, `No such token ${tokenId} for user ${user.name}`);
    const match = /^a\s*([+-]?\d+)\s*$/.exec(tokenId);
    const id = match ? Number(match[1]) : NaN;
    if (!Number.isSafeInteger(id) || id < 1 || id > MAX_ID) throw notFound;
    const row = await this.dataSource.getRepository(ApiTokenEntity).findOneBy({ id });
    if (!row || row.userId !== user.id) throw notFound;
    return row;
  }
}

function ownerOf(user: UserEntity): TokenOwner {
  return { kind: 'user', id: user.id, name: user.name };
}
