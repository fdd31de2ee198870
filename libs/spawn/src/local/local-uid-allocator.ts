import { HubError, LocalUidEntity, parseUidRange } from '@orrery/core';
import type { DataSource } from 'typeorm';

/**
 * Tries before giving up when other hubs or requests keep taking the uid we picked: each round
 * of a race has one winner, so this many first spawns may race at once.
 */
const MAX_ATTEMPTS = 500;

function isUniqueViolation(error: unknown): boolean {
  const code = String((error as { driverError?: { code?: unknown } }).driverError?.code ?? '');
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT');
}

/**
 * Hands each user name its own uid from `LocalProcessSpawner.uid_range`, once, in the
 * database. The uid and the name are both unique keys, so two first spawns at once (in one hub
 * or several) cannot share a uid: the loser of the insert reads again and takes the next one.
 * Uids are handed out upwards and never reused.
 */
export class LocalUidAllocator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly range: string,
  ) {}

  async uidFor(userName: string): Promise<number> {
    const repository = this.dataSource.getRepository(LocalUidEntity);
    const { first, last } = parseUidRange(this.range) ?? { first: 0, last: -1 };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const known = await repository.findOneBy({ userName });
      if (known) return known.uid;
      const highest = await repository
        .createQueryBuilder('local_uid')
        .select('MAX(local_uid.uid)', 'uid')
        .where('local_uid.uid BETWEEN :first AND :last', { first, last })
        .getRawOne<{ uid: number | string | null }>();
      const next = highest?.uid == null ? first : Number(highest.uid) + 1;
      if (next > last) {
        throw new HubError(
          500,
          `No free uid left in LocalProcessSpawner.uid_range (${this.range}) for ${userName}`,
        );
      }
      try {
        await repository.insert({ uid: next, userName });
        return next;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    throw new HubError(500, `Could not allocate a uid for ${userName}: too many concurrent starts`);
  }
}
