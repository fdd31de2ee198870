import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

export class PendingMigrationsError extends Error {}

/** True when no table of ours exists yet. */
async function isEmpty(dataSource: DataSource): Promise<boolean> {
  const runner = dataSource.createQueryRunner();
  try {
    return !(await runner.hasTable('users'));
  } finally {
    await runner.release();
  }
}

/** Migrate a fresh database; refuse to run on an old schema (upgrade-db does that explicitly). */
export async function migrateOnStart(dataSource: DataSource, logger: Logger): Promise<void> {
  if (await isEmpty(dataSource)) {
    const ran = await dataSource.runMigrations();
    logger.log(`created the database schema (${ran.length} migrations)`);
    return;
  }
  await refusePendingMigrations(dataSource);
}

/** Every command but `upgrade-db` refuses a database whose schema is older than this Orrery. */
export async function refusePendingMigrations(dataSource: DataSource): Promise<void> {
  if (await dataSource.showMigrations()) {
    throw new PendingMigrationsError(
      'The database schema is older than this Orrery. Back it up, then run `orrery upgrade-db`.',
    );
  }
}

/** `orrery upgrade-db`: run every pending migration. Returns the names that ran. */
export async function upgradeDatabase(dataSource: DataSource): Promise<string[]> {
  const ran = await dataSource.runMigrations();
  return ran.map((migration) => migration.name);
}
