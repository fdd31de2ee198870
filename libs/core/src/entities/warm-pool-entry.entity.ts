import { Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from './columns';
import { UserEntity } from './user.entity';

/**
 * An anonymous user of the warm pool whose server is started ahead of any visitor. Handing
 * the user to a visitor deletes the row; deleting the user deletes it too.
 */
@Entity('warm_pool')
export class WarmPoolEntryEntity {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId!: number;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @TimestampColumn('created', { nullable: false })
  created!: Date;
}
