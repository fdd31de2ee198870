import { DataSource } from 'typeorm';
import { ENTITIES } from '../entities';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../../../../migrations';
import { DbTarget } from './db-url';

/**
 * One DataSource for either database. Schema changes only ever come from migrations
 * (never `synchronize`); a test checks that the migrations produce exactly the entities.
 */
export function createDataSource(target: DbTarget): DataSource {
  if (target.type === 'sqlite') {
    return new DataSource({
      type: 'better-sqlite3',
      database: target.file,
      entities: ENTITIES,
      migrations: SQLITE_MIGRATIONS,
      migrationsTransactionMode: 'each',
      // WAL lets readers proceed while the single writer commits; NORMAL is safe with WAL.
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('foreign_keys = ON');
        db.pragma('busy_timeout = 5000');
      },
    });
  }
  return new DataSource({
    type: 'postgres',
    url: target.url,
    entities: ENTITIES,
    migrations: POSTGRES_MIGRATIONS,
    migrationsTransactionMode: 'each',
    extra: { max: 10 },
  });
}
