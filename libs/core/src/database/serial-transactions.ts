import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource } from 'typeorm';

/**
 * SQLite gives TypeORM one connection, which every transaction shares: two transactions whose
 * awaits interleave (two spawns started in the same tick, a login beside a warm-pool fill)
 * nest their BEGIN and savepoints into each other and fail ("cannot start a transaction
 * within a transaction", "no such savepoint"). SQLite has a single writer anyway, so the
 * transactions of a SQLite DataSource run one after another; a transaction opened inside
 * another (same async context) joins it as before, with a savepoint.
 */
export function serializeTransactions(dataSource: DataSource): DataSource {
  const inside = new AsyncLocalStorage<true>();
  // DataSource.transaction hands over to its manager's, so that is the one to wrap and call
  const transaction = dataSource.manager.transaction.bind(dataSource.manager) as (
    ...args: unknown[]
  ) => Promise<unknown>;
  let tail: Promise<unknown> = Promise.resolve();
  const serialized = (...args: unknown[]): Promise<unknown> => {
    if (inside.getStore()) return transaction(...args);
    const run = tail.then(() => inside.run(true, () => transaction(...args)));
    tail = run.catch(() => undefined);
    return run;
  };
  dataSource.transaction = serialized as DataSource['transaction'];
  dataSource.manager.transaction = serialized as DataSource['manager']['transaction'];
  return dataSource;
}
