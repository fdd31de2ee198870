import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { createDataSource } from './data-source';

describe('transactions of a SQLite DataSource', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = createDataSource({ type: 'sqlite', path: ':memory:' });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE t (n integer)');
  });
  afterAll(() => dataSource.destroy());

  /** A transaction that waits between its two writes, as one awaiting other work does. */
  const slowInsert = (n: number) =>
    dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO t (n) VALUES (?)', [n]);
      await sleep(5);
      await manager.query('INSERT INTO t (n) VALUES (?)', [n]);
    });

  it('run one after another when started together, each committed whole', async () => {
    await Promise.all([1, 2, 3, 4].map(slowInsert));
    const rows = await dataSource.query('SELECT n FROM t ORDER BY rowid');
    expect(rows.map((row: { n: number }) => row.n)).toEqual([1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('let a failed one roll back alone and the next ones run', async () => {
    await dataSource.query('DELETE FROM t');
    const failing = dataSource.manager.transaction(async (manager) => {
      await manager.query('INSERT INTO t (n) VALUES (9)');
      await sleep(5);
      throw new Error('no');
    });
    await Promise.all([expect(failing).rejects.toThrow('no'), slowInsert(5)]);
    const rows = await dataSource.query('SELECT n FROM t');
    expect(rows.map((row: { n: number }) => row.n)).toEqual([5, 5]);
  });

  it('let a transaction opened inside another join it', async () => {
    await dataSource.query('DELETE FROM t');
    await dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO t (n) VALUES (7)');
      await dataSource.transaction((inner) => inner.query('INSERT INTO t (n) VALUES (8)'));
    });
    expect((await dataSource.query('SELECT COUNT(*) AS c FROM t'))[0].c).toBe(2);
  });
});
