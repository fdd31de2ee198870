import { ApiTokenEntity } from './api-token.entity';
import { GroupEntity } from './group.entity';
import { LocalUidEntity } from './local-uid.entity';
import { OAuthClientEntity } from './oauth-client.entity';
import { OAuthCodeEntity } from './oauth-code.entity';
import { OAuthDeviceCodeEntity } from './oauth-device-code.entity';
import { RoleEntity } from './role.entity';
import { ServerEntity } from './server.entity';
import { ServiceEntity } from './service.entity';
import { ShareCodeEntity } from './share-code.entity';
import { ShareEntity } from './share.entity';
import { SpawnerEntity } from './spawner.entity';
import { UserEntity } from './user.entity';
import { UserPasswordEntity } from './user-password.entity';
import { WarmPoolEntryEntity } from './warm-pool-entry.entity';

export {
  ApiTokenEntity,
  GroupEntity,
  LocalUidEntity,
  OAuthClientEntity,
  OAuthCodeEntity,
  OAuthDeviceCodeEntity,
  RoleEntity,
  ServerEntity,
  ServiceEntity,
  ShareCodeEntity,
  ShareEntity,
  SpawnerEntity,
  UserEntity,
  UserPasswordEntity,
  WarmPoolEntryEntity,
};

export const ENTITIES = [
  UserEntity,
  GroupEntity,
  RoleEntity,
  ServerEntity,
  SpawnerEntity,
  ServiceEntity,
  OAuthClientEntity,
  OAuthCodeEntity,
  ApiTokenEntity,
  ShareEntity,
  ShareCodeEntity,
  UserPasswordEntity,
  WarmPoolEntryEntity,
  LocalUidEntity,
  OAuthDeviceCodeEntity,
];
