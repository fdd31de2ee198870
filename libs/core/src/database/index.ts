export { createDataSource, dataSourceForUrl } from './data-source';
export { DatabaseModule } from './database.module';
export { ModelGeneration } from './model-generation';
export { placeholders, rawQuery, readDate, readJson } from './raw-sql';
export {
  PendingMigrationsError,
  migrateOnStart,
  refusePendingMigrations,
  upgradeDatabase,
} from './migrate';
export { groupFilterMembers, oauthClientOwner, userGroupNames, userRoleScopes } from './scope-rows';
export type { OAuthClientOwner } from './scope-rows';
export { isUniqueViolation, retryOnceOnUniqueViolation } from './unique-violation';
