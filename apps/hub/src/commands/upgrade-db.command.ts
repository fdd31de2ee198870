import { dataSourceForUrl, HubConfig, upgradeDatabase } from '@orrery/core';

/** `orrery upgrade-db`: run pending migrations (back the database up first). */
export async function upgradeDb(config: HubConfig): Promise<string[]> {
  const dataSource = dataSourceForUrl(config.JupyterHub.db_url);
  await dataSource.initialize();
  try {
    return await upgradeDatabase(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
