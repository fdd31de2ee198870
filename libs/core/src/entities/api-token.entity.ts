import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn, TextColumn, TimestampColumn } from './columns';
import { OAuthClientEntity } from './oauth-client.entity';
import { ServiceEntity } from './service.entity';
import { UserEntity } from './user.entity';

/** API and OAuth access tokens, stored hashed; looked up by their 4-character prefix. */
@Entity('api_tokens')
export class ApiTokenEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @TextColumn('hashed', { nullable: false })
  hashed!: string;

  @Index('ix_api_tokens_prefix')
  @TextColumn('prefix', { nullable: false, length: 16 })
  prefix!: string;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId!: number | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'user_id' })
  user!: UserEntity | null;

  @Column({ name: 'service_id', type: 'integer', nullable: true })
  serviceId!: number | null;

  @ManyToOne(() => ServiceEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'service_id' })
  service!: ServiceEntity | null;

  @TextColumn('client_id', { nullable: false, default: 'jupyterhub' })
  clientId!: string;

  @ManyToOne(() => OAuthClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', referencedColumnName: 'identifier' })
  client!: OAuthClientEntity;

  @TextColumn('session_id')
  sessionId!: string | null;

  @JsonColumn('scopes', { nullable: false, default: '[]' })
  scopes!: string[];

  @Column({ name: 'note', type: 'text', nullable: false, default: '' })
  note!: string;

  @TimestampColumn('created', { nullable: false })
  created!: Date;

  @TimestampColumn('expires_at')
  expiresAt!: Date | null;

  @TimestampColumn('last_activity')
  lastActivity!: Date | null;
}
