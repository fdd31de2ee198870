import { Column, Entity, JoinTable, ManyToMany, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { JsonColumn, TextColumn, TimestampColumn } from './columns';
import type { GroupEntity } from './group.entity';
import type { RoleEntity } from './role.entity';
import type { SpawnerEntity } from './spawner.entity';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @TextColumn('name', { nullable: false, unique: true })
  name!: string;

  @Column({ name: 'admin', type: 'boolean', default: false })
  admin!: boolean;

  @TimestampColumn('created', { nullable: false })
  created!: Date;

  @TimestampColumn('last_activity')
  lastActivity!: Date | null;

  /** Value of the hub login cookie; rotating it logs out every browser of this user. */
  @TextColumn('cookie_id', { nullable: false, unique: true })
  cookieId!: string;

  @Column({ name: 'encrypted_auth_state', type: 'text', nullable: true })
  encryptedAuthState!: string | null;

  @JsonColumn('user_info')
  userInfo!: Record<string, unknown> | null;

  // Deleting a user removes its memberships (the inverse side decides this foreign key).
  @ManyToMany('GroupEntity', (group: GroupEntity) => group.users, { onDelete: 'CASCADE' })
  groups!: GroupEntity[];

  @ManyToMany('RoleEntity', (role: RoleEntity) => role.users)
  @JoinTable({
    name: 'user_role_map',
    joinColumn: { name: 'user_id', referencedColumnName: 'id' },
    inverseJoinColumn: { name: 'role_id', referencedColumnName: 'id' },
  })
  roles!: RoleEntity[];

  @OneToMany('SpawnerEntity', (spawner: SpawnerEntity) => spawner.user)
  spawners!: SpawnerEntity[];
}
