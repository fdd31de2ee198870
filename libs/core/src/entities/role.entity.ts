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

  // Deleting a role removes its assignments (the inverse side decides these foreign keys).
  @ManyToMany('UserEntity', (user: UserEntity) => user.roles, { onDelete: 'CASCADE' })
  users!: UserEntity[];

  @ManyToMany('GroupEntity', (group: GroupEntity) => group.roles, { onDelete: 'CASCADE' })
  groups!: GroupEntity[];

  @ManyToMany('ServiceEntity', (service: ServiceEntity) => service.roles, { onDelete: 'CASCADE' })
  services!: ServiceEntity[];
}
