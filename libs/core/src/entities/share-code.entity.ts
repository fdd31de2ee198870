import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn, TextColumn, TimestampColumn } from './columns';
import { SpawnerEntity } from './spawner.entity';
import { UserEntity } from './user.entity';

/** A one-to-many invitation to a server, exchanged for a Share; stored hashed like a token. */
@Entity('share_codes')
export class ShareCodeEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @TextColumn('hashed', { nullable: false })
  hashed!: string;

  @Index('ix_share_codes_prefix')
  @TextColumn('prefix', { nullable: false, length: 16 })
  prefix!: string;

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

  @JsonColumn('scopes', { nullable: false, default: '[]' })
  scopes!: string[];

  @TimestampColumn('created_at', { nullable: false })
  createdAt!: Date;

  @TimestampColumn('expires_at')
  expiresAt!: Date | null;

  @Column({ name: 'exchange_count', type: 'integer', default: 0 })
  exchangeCount!: number;

  @TimestampColumn('last_exchanged_at')
  lastExchangedAt!: Date | null;
}
