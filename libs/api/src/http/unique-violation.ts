/**
 * Whether a database error is a unique-key violation (PostgreSQL 23505, SQLite
 * SQLITE_CONSTRAINT_*): a concurrent request wrote the same name between our check and
 * our insert, which the API reports as the conflict it is rather than as a 500.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = String(
    (error as { driverError?: { code?: unknown } } | null)?.driverError?.code ?? '',
  );
  return code === '23505' || code.startsWith('SQLITE_CONSTRAINT');
}
