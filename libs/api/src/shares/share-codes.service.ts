import { Inject, Injectable } from '@nestjs/common';
import {
  Clock,
  GENERATED_TOKEN_ROUNDS,
  hashToken,
  HubError,
  matchesTokenHash,
  ShareCodeEntity,
  tokenPrefix,
} from '@orrery/core';
import type { FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { DataSource, FindOptionsWhere, IsNull, MoreThanOrEqual } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { OwnerScopesService } from '../auth/owner-scopes.service';
import { scopeExistenceError } from '../tokens/token-request';
import { ShareLookupService } from './share-lookup.service';
import { shareCodeModel } from './share-model';
import { applyShareFilter, defaultShareScopes, parseShareCodeRequest } from './share-request';

const RELATIONS = { owner: true, spawner: true } as const;
/** Largest id PostgreSQL's integer holds; larger ids cannot exist (and would fail the query). */
const MAX_ID = 2 ** 31 - 1;

/** The last value of a query argument, as tornado's `get_argument` returns it. */
function lastArgument(value: unknown): string | undefined {
  const last: unknown = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last : undefined;
}

/**
 * Share codes: invitations to a server, stored hashed like tokens (32 random bytes,
 * url-safe base64; 4-character prefix), exchanged for a Share on the accept-share page.
 */
@Injectable()
export class ShareCodesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(OwnerScopesService) private readonly ownerScopes: OwnerScopesService,
    @Inject(ShareLookupService) private readonly lookup: ShareLookupService,
  ) {}

  async listByServer(request: FastifyRequest, owner: string, server: string): Promise<object> {
    const spawner = await this.lookup.spawner(owner, server);
    if (!spawner) return this.lookup.paginated(request, this.lookup.page(request), [], 0);
    return this.listPage(request, { spawnerId: spawner.id });
  }

  async listByOwner(request: FastifyRequest, owner: string): Promise<object> {
    return this.listPage(request, { ownerId: await this.lookup.ownerId(owner) });
  }

  /** A new code for `owner/server`; the code itself is in this answer only. */
  async issue(auth: AuthContext, owner: string, server: string, body: unknown): Promise<object> {
    const request = parseShareCodeRequest(body);
    const missing =
      request.scopes && scopeExistenceError(request.scopes, this.ownerScopes.customScopes, 'share');
    if (missing) throw new HubError(400, missing);
    const scopes = applyShareFilter(
      request.scopes ?? defaultShareScopes(owner, server),
      owner,
      server,
    );
    await this.lookup.mayGrant(auth, scopes, owner, server);
    await this.lookup.spawner(owner, server);
    const code = randomBytes(32).toString('base64url');
    const id = await this.dataSource.transaction(async (manager) => {
      const spawner = await this.lookup.ensureSpawner(owner, server, manager);
      const now = this.clock.now();
      const repository = manager.getRepository(ShareCodeEntity);
      const row = await repository.save(
        repository.create({
          hashed: hashToken(code, GENERATED_TOKEN_ROUNDS),
          prefix: tokenPrefix(code),
          ownerId: spawner.userId,
          spawnerId: spawner.id,
          scopes,
          createdAt: now,
          expiresAt: new Date(now.getTime() + request.expiresIn * 1000),
          exchangeCount: 0,
          lastExchangedAt: null,
        }),
      );
      return row.id;
    });
    const row = await this.dataSource
      .getRepository(ShareCodeEntity)
      .findOneOrFail({ where: { id }, relations: RELATIONS });
    return shareCodeModel(this.lookup.urls, row, code);
  }

  /** Revokes one code (by `code` or `id=sc_<n>`) or, with neither, every code of the server. */
  async revoke(owner: string, server: string, query: Record<string, unknown>): Promise<void> {
    const code = lastArgument(query.code);
    const id = lastArgument(query.id);
    const spawner = await this.lookup.spawner(owner, server);
    const repository = this.dataSource.getRepository(ShareCodeEntity);
    if (code) {
      const match = spawner && (await this.findCode(code, spawner.id));
      if (!match) throw new HubError(404, 'No matching code found');
      await repository.delete({ id: match.id });
    } else if (id) {
      const notFound = new HubError(404, `No code found matching id=${id}`);
      // Python's re.match anchors only the start: `sc_12x` names code 12
      const number = Number(/^sc_(\d+)/.exec(id)?.[1] ?? NaN);
      if (!spawner || !Number.isSafeInteger(number) || number > MAX_ID) throw notFound;
      const row = await repository.findOneBy({ id: number, spawnerId: spawner.id });
      if (!row) throw notFound;
      await repository.delete({ id: row.id });
    } else if (spawner) {
      await repository.delete({ spawnerId: spawner.id });
    }
  }

  private async findCode(code: string, spawnerId: number): Promise<ShareCodeEntity | null> {
    const now = this.clock.now();
    const prefix = tokenPrefix(code);
    const candidates = await this.dataSource.getRepository(ShareCodeEntity).find({
      where: [
        { prefix, spawnerId, expiresAt: IsNull() },
        { prefix, spawnerId, expiresAt: MoreThanOrEqual(now) },
      ],
    });
    return candidates.find((row) => matchesTokenHash(code, row.hashed)) ?? null;
  }

  /** Expired codes still count in `total` but are left out of the page, as in JupyterHub. */
  private async listPage(
    request: FastifyRequest,
    where: FindOptionsWhere<ShareCodeEntity>,
  ): Promise<object> {
    const page = this.lookup.page(request);
    const [rows, total] = await this.dataSource.getRepository(ShareCodeEntity).findAndCount({
      where,
      relations: RELATIONS,
      order: { id: 'ASC' },
      // an absurd offset must not overflow the database's integer (a 500)
      skip: Math.min(page.offset, Number.MAX_SAFE_INTEGER),
      take: page.limit,
    });
    const now = this.clock.now().getTime();
    const items = rows
      .filter((row) => !row.expiresAt || row.expiresAt.getTime() > now)
      .map((row) => shareCodeModel(this.lookup.urls, row));
    return this.lookup.paginated(request, page, items, total);
  }
}
