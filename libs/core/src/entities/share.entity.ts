import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn, TimestampColumn } from './columns';
import { GroupEntity } from './group.entity';
import { SpawnerEntity } from './spawner.entity';
import { UserEntity } from './user.entity';

/** Access to one server granted by its owner to a user or a group (JupyterHub 5 sharing). */
@Entity('shares')
export class ShareEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'owner_id', type: 'integer' })
  ownerId!: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'owner_id' })
  owner!: UserEntity;

  @Column({ name: 'spawner_id', type: 'integer' })
  spawnerId!: number;

  @ManyToOne(() => SpawnerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'spawner_id' })
  spawner!: SpawnerEntity;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId!: number | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'user_id' })
  user!: UserEntity | null;

  @Column({ name: 'group_id', type: 'integer', nullable: true })
  groupId!: number | null;

  @ManyToOne(() => GroupEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'group_id' })
  group!: GroupEntity | null;

  @JsonColumn('scopes', { nullable: false, default: '[]' })
  scopes!: string[];

  @TimestampColumn('created_at', { nullable: false })
  createdAt!: Date;
}
