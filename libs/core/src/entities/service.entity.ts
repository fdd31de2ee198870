import {
  Column,
  Entity,
  JoinColumn,
  JoinTable,
  ManyToMany,
  OneToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { JsonColumn, TextColumn } from './columns';
import type { RoleEntity } from './role.entity';
import { ServerEntity } from './server.entity';

@Entity('services')
export class ServiceEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @TextColumn('name', { nullable: false, unique: true })
  name!: string;

  @Column({ name: 'admin', type: 'boolean', default: false })
  admin!: boolean;

  @TextColumn('url')
  url!: string | null;

  @JsonColumn('info', { nullable: false, default: '{}' })
  info!: Record<string, unknown>;

  @Column({ name: 'display', type: 'boolean', default: true })
  display!: boolean;

  @Column({ name: 'oauth_no_confirm', type: 'boolean', default: false })
  oauthNoConfirm!: boolean;

  @TextColumn('oauth_client_id')
  oauthClientId!: string | null;

  /** Declared in the config file (re-created at every start) or created at runtime through the API. */
  @Column({ name: 'from_config', type: 'boolean', default: true })
  fromConfig!: boolean;

  @JsonColumn('command')
  command!: string[] | null;

  @Column({ name: 'pid', type: 'integer', default: 0 })
  pid!: number;

  @Column({ name: 'server_id', type: 'integer', nullable: true })
  serverId!: number | null;

  @OneToOne(() => ServerEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'server_id' })
  server!: ServerEntity | null;

  @ManyToMany('RoleEntity', (role: RoleEntity) => role.services)
  @JoinTable({
    name: 'service_role_map',
    joinColumn: { name: 'service_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'role_id', referencedColumnName: 'id' },
  })
  roles!: RoleEntity[];
}
