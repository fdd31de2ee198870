import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { TextColumn } from './columns';

/** Where a running server listens. The row existing is what makes a server "active". */
@Entity('servers')
export class ServerEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @TextColumn('proto', { nullable: false, default: 'http' })
  proto!: string;

  @TextColumn('ip', { nullable: false, default: '' })
  ip!: string;

  @Column({ name: 'port', type: 'integer', default: 0 })
  port!: number;

  @TextColumn('base_url', { nullable: false, default: '/' })
  baseUrl!: string;

  @TextColumn('cookie_name', { nullable: false, default: 'cookie' })
  cookieName!: string;
}
