import { DataSource } from 'typeorm';

interface SqliteStatement {
  reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): unknown;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/** Prepared statements per SQLite connection: preparing costs more than running a short query. */
const statementCaches = new WeakMap<object, Map<string, SqliteStatement>>();

function sqliteStatement(connection: SqliteConnection, sql: string): SqliteStatement {
  let cache = statementCaches.get(connection);
  if (!cache) statementCaches.set(connection, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = connection.prepare(sql)));
  return statement;
}

/** better-sqlite3 binds booleans and dates only in the forms TypeORM writes them. */
function sqliteParam(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return toSqliteDate(value);
  return value;
}

/** TypeORM's SQLite datetime text: UTC, `YYYY-MM-DD HH:MM:SS.SSS`. */
function toSqliteDate(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** A date column read by raw SQL: a Date on PostgreSQL, TypeORM's UTC text on SQLite. */
export function readDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return new Date(`${String(value).replace(' ', 'T')}Z`);
}

/** A JSON text column read by raw SQL. */
export function readJson<T>(value: unknown, fallback: T): T {
  return typeof value === 'string' && value !== '' ? (JSON.parse(value) as T) : fallback;
}

/**
 * Plain SQL for hot paths where the ORM's query building shows in profiles. Write `?`
 * placeholders; they become `$1, $2, ...` on PostgreSQL. On SQLite the statement is prepared
 * once and run synchronously on TypeORM's own connection (so it joins open transactions).
 * Read dates with `readDate`, JSON with `readJson`, booleans with `Boolean()`.
 */
export async function rawQuery<T>(
  dataSource: DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  if (dataSource.options.type === 'better-sqlite3') {
    const connection = (dataSource.driver as unknown as { databaseConnection: SqliteConnection })
      .databaseConnection;
    const statement = sqliteStatement(connection, sql);
    const values = params.map(sqliteParam);
    if (statement.reader) return statement.all(...values) as T[];
    statement.run(...values);
    return [];
  }
  let n = 0;
  return (await dataSource.query(
    sql.replace(/\?/g, () => `$${++n}`),
    params,
  )) as T[];
}

/** `IN (?, ?, ?)` for a list of values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
