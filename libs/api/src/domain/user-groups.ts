import { GroupEntity } from '@orrery/core';
import { EntityManager, In } from 'typeorm';

const MEMBERS = 'user_group_map';

/**
 * With `Authenticator.manage_groups`, a login sets the user's groups to exactly the identity
 * provider's: missing groups are created, memberships outside the list are removed.
 */
export async function setUserGroups(
  manager: EntityManager,
  userId: number,
  names: readonly string[],
): Promise<void> {
  const wanted = [...new Set(names)];
  const groups = manager.getRepository(GroupEntity);
  const existing = wanted.length ? await groups.findBy({ name: In(wanted) }) : [];
  const missing = wanted.filter((name) => !existing.some((group) => group.name === name));
  if (missing.length) {
    // a concurrent login may create the same group: the unique name makes that a no-op
    await groups
      .createQueryBuilder()
      .insert()
      .values(missing.map((name) => ({ name, properties: {} })))
      .orIgnore()
      .execute();
  }
  const wantedIds = wanted.length
    ? (await groups.findBy({ name: In(wanted) })).map((group) => group.id)
    : [];
  const deletion = manager.createQueryBuilder().delete().from(MEMBERS).where('user_id = :userId', {
    userId,
  });
  if (wantedIds.length) deletion.andWhere('group_id NOT IN (:...wantedIds)', { wantedIds });
  await deletion.execute();
  if (wantedIds.length) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(MEMBERS)
      .values(wantedIds.map((groupId) => ({ group_id: groupId, user_id: userId })))
      .orIgnore()
      .execute();
  }
}
