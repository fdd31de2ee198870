import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { JsonColumn, TextColumn, TimestampColumn } from './columns';
import { OAuthClientEntity } from './oauth-client.entity';
import { ServerEntity } from './server.entity';
import type { UserEntity } from './user.entity';

/** One (possibly named) server slot of a user; persists across stops. */
@Entity('spawners')
@Unique('uq_spawners_user_name', ['userId', 'name'])
export class SpawnerEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @ManyToOne('UserEntity', (user: UserEntity) => user.spawners, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user!: UserEntity;

  @Column({ name: 'server_id', type: 'integer', nullable: true })
  serverId!: number | null;

  @OneToOne(() => ServerEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'server_id' })
  server!: ServerEntity | null;

  /** '' is the default server. */
  @TextColumn('name', { nullable: false, default: '' })
  name!: string;

  @TextColumn('display_name', { nullable: false, default: '' })
  displayName!: string;

  @JsonColumn('state')
  state!: Record<string, unknown> | null;

  @TimestampColumn('started')
  started!: Date | null;

  @TimestampColumn('last_activity')
  lastActivity!: Date | null;

  @JsonColumn('user_options')
  userOptions!: Record<string, unknown> | null;

  @TextColumn('oauth_client_id')
  oauthClientId!: string | null;

  @ManyToOne(() => OAuthClientEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'oauth_client_id', referencedColumnName: 'identifier' })
  oauthClient!: OAuthClientEntity | null;
}
