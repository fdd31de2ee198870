import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { dataSourceForUrl } from '../libs/core/src/database/data-source';

/** The migrations, run on an empty database, must produce exactly what the entities describe. */
async function pendingSchemaChanges(dbUrl: string): Promise<string[]> {
  const dataSource = dataSourceForUrl(dbUrl);
  await dataSource.initialize();
  try {
    await dataSource.runMigrations();
    const sql = await dataSource.driver.createSchemaBuilder().log();
    return sql.upQueries.map((query) => query.query);
  } finally {
    await dataSource.destroy();
  }
}

describe('migrations agree with the entities', () => {
  it('on SQLite', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-schema-'));
    try {
      expect(await pendingSchemaChanges(`sqlite:///${path.join(dir, 'db.sqlite')}`)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const pgUrl = process.env.ORRERY_TEST_DATABASE_URL;
  (pgUrl ? it : it.skip)('on PostgreSQL (ORRERY_TEST_DATABASE_URL)', async () => {
    expect(await pendingSchemaChanges(pgUrl as string)).toEqual([]);
  });
});
