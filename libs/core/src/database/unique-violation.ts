/**
 * Whether a database error is a unique-key violation (PostgreSQL 23505, SQLite's UNIQUE and
 * PRIMARY KEY constraints): a concurrent request wrote the same key between our check and our
 * insert. SQLite runs one write transaction at a time, so there it is rare; PostgreSQL runs
 * them side by side, so every check-then-insert meets it under concurrent requests.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = String(
    (error as { driverError?: { code?: unknown } } | null)?.driverError?.code ?? '',
  );
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * Runs a check-then-insert transaction and, when a concurrent one inserted the same key
 * first, runs it once more: by then the other row is committed (PostgreSQL makes the loser
 * wait for the winner's commit), so the second run's check sees it and answers what the API
 * answers for an existing row (JupyterHub's 409 or 400), instead of a 500.
 */
export async function retryOnceOnUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return work();
  }
}
