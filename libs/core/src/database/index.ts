export { createDataSource, dataSourceForUrl } from './data-source';
export { DatabaseModule } from './database.module';
export { placeholders, rawQuery } from './raw-sql';
export { PendingMigrationsError, migrateOnStart, upgradeDatabase } from './migrate';
