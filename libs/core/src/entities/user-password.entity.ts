import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';
import { UserEntity } from './user.entity';

/**
 * The first-use authenticator's password of a user (a bcrypt hash). Deleting the user deletes
 * it, so a deleted name can be registered again, as with JupyterHub's firstuseauthenticator.
 */
@Entity('user_passwords')
export class UserPasswordEntity {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId!: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ name: 'hashed', type: 'varchar', length: 255 })
  hashed!: string;

  @TimestampColumn('updated', { nullable: false })
  updated!: Date;
}
