import { Column, Entity, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn, TextColumn } from './columns';
import type { GroupEntity } from './group.entity';
import type { ServiceEntity } from './service.entity';
import type { UserEntity } from './user.entity';

@Entity('roles')
export class RoleEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @TextColumn('name', { nullable: false, unique: true })
  name!: string;

  @Column({ name: 'description', type: 'text', nullable: true })
  description!: string | null;

  @JsonColumn('scopes', { nullable: false, default: '[]' })
  scopes!: string[];

  @Column({ name: 'managed_by_auth', type: 'boolean', default: false })
  managedByAuth!: boolean;

  @ManyToMany('UserEntity', (user: UserEntity) => user.roles)
  users!: UserEntity[];

  @ManyToMany('GroupEntity', (group: GroupEntity) => group.roles)
  groups!: GroupEntity[];

  @ManyToMany('ServiceEntity', (service: ServiceEntity) => service.roles)
  services!: ServiceEntity[];
}
