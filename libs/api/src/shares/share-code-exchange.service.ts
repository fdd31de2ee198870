import { Inject, Injectable } from '@nestjs/common';
import {
  Clock,
  HubError,
  matchesTokenHash,
  ShareCodeEntity,
  ShareEntity,
  tokenPrefix,
} from '@orrery/core';
import { DataSource, IsNull, MoreThanOrEqual } from 'typeorm';

/** What the accept-share page shows about a code: whose server it opens, with which scopes. */
export interface ShareInvitation {
  codeId: number;
  owner: string;
  ownerId: number;
  server: string;
  spawnerId: number;
  scopes: string[];
}

export const SHARE_NOT_FOUND = 'Share not found or expired';
export const NO_SELF_SHARE = "You can't share with yourself!";

/**
 * Redeeming a share code in a browser (JupyterHub's ShareCode.exchange): the code's scopes are
 * added to the recipient's share of that server (created if missing) and the code counts it.
 */
@Injectable()
export class ShareCodeExchange {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The unexpired code, else 404 (`notFound` 400 for a POST, as JupyterHub answers it). */
  async invitation(code: string, recipientId: number, status = 404): Promise<ShareInvitation> {
    const now = this.clock.now();
    const prefix = tokenPrefix(code);
    const candidates = await this.dataSource.getRepository(ShareCodeEntity).find({
      where: [
        { prefix, expiresAt: IsNull() },
        { prefix, expiresAt: MoreThanOrEqual(now) },
      ],
      relations: { owner: true, spawner: true },
    });
    const row = code ? candidates.find((each) => matchesTokenHash(code, each.hashed)) : undefined;
    if (!row) throw new HubError(status, SHARE_NOT_FOUND);
    if (row.ownerId === recipientId) throw new HubError(status === 404 ? 403 : 400, NO_SELF_SHARE);
    return {
      codeId: row.id,
      owner: row.owner.name,
      ownerId: row.ownerId,
      server: row.spawner.name,
      spawnerId: row.spawnerId,
      scopes: [...row.scopes],
    };
  }

  async exchange(code: string, recipientId: number): Promise<ShareInvitation> {
    const invitation = await this.invitation(code, recipientId, 400);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const shares = manager.getRepository(ShareEntity);
      const key = {
        spawnerId: invitation.spawnerId,
        ownerId: invitation.ownerId,
        userId: recipientId,
      };
      const existing = await shares.findOneBy(key);
      if (existing) {
        const merged = [...new Set([...existing.scopes, ...invitation.scopes])].sort();
        await shares.update({ id: existing.id }, { scopes: merged });
      } else {
        await shares.save(shares.create({ ...key, scopes: invitation.scopes, createdAt: now }));
      }
      await manager
        .getRepository(ShareCodeEntity)
        .increment({ id: invitation.codeId }, 'exchangeCount', 1);
      await manager
        .getRepository(ShareCodeEntity)
        .update({ id: invitation.codeId }, { lastExchangedAt: now });
    });
    return invitation;
  }
}
