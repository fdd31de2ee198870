import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The Unix uid (and gid, the same number) the local spawner runs a user's servers under when
 * the hub runs as root. Keyed by name, not user id, and never deleted: a uid is never handed
 * to a second name, so nobody inherits the files a deleted user left in their home.
 */
@Entity('local_uids')
export class LocalUidEntity {
  @PrimaryColumn({ name: 'uid', type: 'integer' })
  uid!: number;

  @Column({ name: 'user_name', type: 'varchar', length: 255, unique: true })
  userName!: string;
}
