import { DataSource } from 'typeorm';

/**
 * Plain SQL for the few hot-path reads where the ORM's overhead shows (scopes on a cache miss).
 * Write `?` placeholders; they become `$1, $2, ...` on PostgreSQL. Keep such SQL to what both
 * databases read the same way (no dates: TypeORM stores them differently per driver).
 */
export async function rawQuery<T>(
  dataSource: DataSource,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  if (dataSource.options.type === 'postgres') {
    let n = 0;
    sql = sql.replace(/\?/g, () => `$${++n}`);
  }
  return (await dataSource.query(sql, params)) as T[];
}

/** `IN (?, ?, ?)` for a list of values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
