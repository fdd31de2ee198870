import { Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn, TextColumn } from './columns';
import type { RoleEntity } from './role.entity';
import type { UserEntity } from './user.entity';

@Entity('groups')
export class GroupEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @TextColumn('name', { nullable: false, unique: true })
  name!: string;

  @JsonColumn('properties', { nullable: false, default: '{}' })
  properties!: Record<string, unknown>;

  @ManyToMany('UserEntity', (user: UserEntity) => user.groups)
  @JoinTable({
    name: 'user_group_map',
    joinColumn: { name: 'group_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'user_id', referencedColumnName: 'id' },
  })
  users!: UserEntity[];

  @ManyToMany('RoleEntity', (role: RoleEntity) => role.groups)
  @JoinTable({
    name: 'group_role_map',
    joinColumn: { name: 'group_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'role_id', referencedColumnName: 'id' },
  })
  roles!: RoleEntity[];
}
