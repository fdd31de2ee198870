import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { DbTarget, parseDbUrl } from '../config/db-url';
import { ENTITIES } from '../entities';
import { serializeTransactions } from './serial-transactions';
import { POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS } from '../../../../migrations';

/**
 * One DataSource for either database. Schema changes only ever come from migrations
 * (never `synchronize`); a test checks that the migrations produce exactly the entities.
 */
export function createDataSource(target: DbTarget): DataSource {
  if (target.type === 'sqlite') {
    const sqlite = new DataSource({
      type: 'better-sqlite3',
      database: target.path === ':memory:' ? target.path : path.resolve(target.path),
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
    return serializeTransactions(sqlite);
  }
  return new DataSource({
    type: 'postgres',
    host: target.host,
    port: target.port,
    username: target.username,
    password: target.password,
    database: target.database,
    entities: ENTITIES,
    migrations: POSTGRES_MIGRATIONS,
    migrationsTransactionMode: 'each',
    extra: { max: 10 },
  });
}

/** A DataSource for a `db_url` already validated by the config loader. */
export function dataSourceForUrl(dbUrl: string): DataSource {
  const target = parseDbUrl(dbUrl);
  if (typeof target === 'string') throw new Error(`db_url ${dbUrl}: ${target}`);
  return createDataSource(target);
}
