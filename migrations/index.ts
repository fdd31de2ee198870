import { InitialSchemaPostgres1763900000000 } from './postgres/1763900000000-initial-schema';
import { UserPasswordsPostgres1764100000000 } from './postgres/1764100000000-user-passwords';
import { WarmPoolPostgres1764600000000 } from './postgres/1764600000000-warm-pool';
import { LocalUidsPostgres1796660644863 } from './postgres/1796660644863-local-uids';
import { OAuthDeviceCodesPostgres1796678386770 } from './postgres/1796678386770-oauth-device-codes';
import { InitialSchemaSqlite1763900000000 } from './sqlite/1763900000000-initial-schema';
import { UserPasswordsSqlite1764100000000 } from './sqlite/1764100000000-user-passwords';
import { WarmPoolSqlite1764600000000 } from './sqlite/1764600000000-warm-pool';
import { LocalUidsSqlite1796660644863 } from './sqlite/1796660644863-local-uids';
import { OAuthDeviceCodesSqlite1796678386770 } from './sqlite/1796678386770-oauth-device-codes';

/** Migrations are append-only: a schema change adds a file to each dialect and a line here. */
export const SQLITE_MIGRATIONS = [
  InitialSchemaSqlite1763900000000,
  UserPasswordsSqlite1764100000000,
  WarmPoolSqlite1764600000000,
  LocalUidsSqlite1796660644863,
  OAuthDeviceCodesSqlite1796678386770,
];
export const POSTGRES_MIGRATIONS = [
  InitialSchemaPostgres1763900000000,
  UserPasswordsPostgres1764100000000,
  WarmPoolPostgres1764600000000,
  LocalUidsPostgres1796660644863,
  OAuthDeviceCodesPostgres1796678386770,
];
