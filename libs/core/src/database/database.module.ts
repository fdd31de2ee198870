import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HubConfig } from '../config';
import { dataSourceForUrl } from './data-source';
import { migrateOnStart } from './migrate';
import { ModelGeneration } from './model-generation';

/**
 * Provides the TypeORM DataSource and the ModelGeneration of what it holds. An empty database is
 * migrated at start; a database with pending migrations stops the hub and asks for
 * `orrery upgrade-db`, as JupyterHub does.
 */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [HubConfig],
      useFactory: async (config: HubConfig): Promise<DataSource> => {
        const dataSource = dataSourceForUrl(config.JupyterHub.db_url);
        await dataSource.initialize();
        await migrateOnStart(dataSource, new Logger('database'));
        return dataSource;
      },
    },
    ModelGeneration,
  ],
  exports: [DataSource, ModelGeneration],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
