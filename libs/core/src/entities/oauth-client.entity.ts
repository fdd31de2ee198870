import { Entity, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn, TextColumn } from './columns';

@Entity('oauth_clients')
export class OAuthClientEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @TextColumn('identifier', { nullable: false, unique: true })
  identifier!: string;

  @TextColumn('description')
  description!: string | null;

  /** Hashed like a token (sha512 with salt); empty for the built-in `jupyterhub` client. */
  @TextColumn('secret', { nullable: false, default: '' })
  secret!: string;

  @TextColumn('redirect_uri', { nullable: false, default: '' })
  redirectUri!: string;

  @JsonColumn('allowed_scopes', { nullable: false, default: '[]' })
  allowedScopes!: string[];
}
