import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { TextColumn, TimestampColumn } from './columns';

/**
 * Why a server went away: a cull by the built-in culler or a failed start or death, with its
 * reason. Keyed by names, not ids, so the record outlives a culled (deleted) user.
 */
@Entity('orrery_server_events')
@Index('ix_orrery_server_events_user', ['userName', 'created'])
export class ServerEventEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @TextColumn('user_name', { nullable: false })
  userName!: string;

  /** '' is the default server; null when a whole user was culled. */
  @TextColumn('server_name')
  serverName!: string | null;

  /** 'cull' | 'failure' */
  @TextColumn('kind', { nullable: false })
  kind!: string;

  /** a short code: idle, max_age, busy_cap, user_idle, exit, signal, oom, timeout, error */
  @TextColumn('reason', { nullable: false })
  reason!: string;

  /** words a learner understands */
  @TextColumn('summary', { nullable: false, length: 1000 })
  summary!: string;

  /** everything an admin needs: status, signal, the server's last output */
  @Column({ name: 'details', type: 'text', nullable: false, default: '' })
  details!: string;

  @TimestampColumn('created', { nullable: false })
  created!: Date;
}
