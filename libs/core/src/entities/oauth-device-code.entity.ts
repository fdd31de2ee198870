import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn, TextColumn } from './columns';

/**
 * A pending OAuth device authorization (RFC 8628). Both codes are stored only as SHA-256
 * hashes, so a database dump cannot be used to approve or redeem one. No foreign keys: a row
 * lives minutes, is deleted when redeemed or expired, and the token it yields is checked
 * against the user row at issue time.
 */
@Entity('oauth_device_codes')
export class OAuthDeviceCodeEntity {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_oauth_device_codes' })
  id!: number;

  @Index('ix_oauth_device_codes_device_code_hash', { unique: true })
  @TextColumn('device_code_hash', { nullable: false, length: 64 })
  deviceCodeHash!: string;

  @Index('ix_oauth_device_codes_user_code_hash', { unique: true })
  @TextColumn('user_code_hash', { nullable: false, length: 64 })
  userCodeHash!: string;

  @TextColumn('client_id', { nullable: false })
  clientId!: string;

  @JsonColumn('scopes', { nullable: false, default: '[]' })
  scopes!: string[];

  /** Unix seconds. */
  @Column({ name: 'expires_at', type: 'integer' })
  expiresAt!: number;

  /** Seconds the client must wait between polls; raised by 5 on every `slow_down`. */
  @Column({ name: 'interval', type: 'integer' })
  interval!: number;

  /** Unix seconds of the last token request for this code. */
  @Column({ name: 'last_polled_at', type: 'integer', nullable: true })
  lastPolledAt!: number | null;

  /** The user who approved or denied; null while pending. */
  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId!: number | null;

  /** null while pending, else `approved` or `denied`. */
  @TextColumn('decision')
  decision!: 'approved' | 'denied' | null;
}
