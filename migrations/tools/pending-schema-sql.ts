/**
 * Prints the SQL that the entities need beyond the existing migrations, for one database:
 *   node dist/migrations/tools/pending-schema-sql.js sqlite:///tmp/x.sqlite
 *   node dist/migrations/tools/pending-schema-sql.js postgresql://...
 * Use its output to write the next migration of each dialect (migrations are append-only).
 */
import 'reflect-metadata';
import { dataSourceForUrl } from '../../libs/core/src/database/data-source';

async function main(): Promise<void> {
  const dbUrl = process.argv[2];
  if (!dbUrl) throw new Error('usage: pending-schema-sql <db_url of an empty database>');
  const dataSource = dataSourceForUrl(dbUrl);
  await dataSource.initialize();
  await dataSource.runMigrations();
  const sql = await dataSource.driver.createSchemaBuilder().log();
  for (const query of sql.upQueries) console.log(`UP   ${query.query}`);
  for (const query of sql.downQueries.reverse()) console.log(`DOWN ${query.query}`);
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
