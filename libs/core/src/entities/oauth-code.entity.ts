import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn, TextColumn } from './columns';
import { OAuthClientEntity } from './oauth-client.entity';
import { UserEntity } from './user.entity';

@Entity('oauth_codes')
export class OAuthCodeEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @TextColumn('client_id', { nullable: false })
  clientId!: string;

  @ManyToOne(() => OAuthClientEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_id', referencedColumnName: 'identifier' })
  client!: OAuthClientEntity;

  @Index('ix_oauth_codes_code')
  @TextColumn('code', { nullable: false, length: 64 })
  code!: string;

  /** Unix seconds, as JupyterHub stores it. */
  @Column({ name: 'expires_at', type: 'integer' })
  expiresAt!: number;

  @TextColumn('redirect_uri', { nullable: false, default: '' })
  redirectUri!: string;

  @TextColumn('session_id')
  sessionId!: string | null;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user!: UserEntity;

  @JsonColumn('scopes', { nullable: false, default: '[]' })
  scopes!: string[];

  @TextColumn('code_challenge')
  codeChallenge!: string | null;

  @TextColumn('code_challenge_method')
  codeChallengeMethod!: string | null;
}
