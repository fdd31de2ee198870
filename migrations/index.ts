import { InitialSchemaPostgres1763900000000 } from './postgres/1763900000000-initial-schema';
import { InitialSchemaSqlite1763900000000 } from './sqlite/1763900000000-initial-schema';

/** Migrations are append-only: a schema change adds a file to each dialect and a line here. */
export const SQLITE_MIGRATIONS = [InitialSchemaSqlite1763900000000];
export const POSTGRES_MIGRATIONS = [InitialSchemaPostgres1763900000000];
