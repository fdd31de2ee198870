import { createDataSource, parseConfig, UserEntity } from '@orrery/core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';

/** A migrated SQLite file of its own for one spec file, removed by `drop`. */
export async function sqliteDatabase(): Promise<{ dataSource: DataSource; drop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-oauth-'));
  const dataSource = createDataSource({ type: 'sqlite', path: path.join(dir, 'hub.sqlite') });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return {
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createUser(dataSource: DataSource, name: string): Promise<UserEntity> {
  const users = dataSource.getRepository(UserEntity);
  return users.save(users.create({ name, created: new Date(), cookieId: `${name}-cookie` }));
}

/** The hub config with a few keys set (`JupyterHub` section only). */
export function hubConfig(keys: Record<string, unknown> = {}) {
  return parseConfig(JSON.stringify({ JupyterHub: keys }));
}
