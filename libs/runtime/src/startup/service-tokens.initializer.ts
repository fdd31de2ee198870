import { Inject, Injectable, Logger } from '@nestjs/common';
import { HubConfig, ServiceEntity } from '@orrery/core';
import { EntityManager, In, Not } from 'typeorm';
import { ServiceRecordsService, ServiceSpecError, UsersService } from '@orrery/api';

/**
 * Services declared in the config file (written by ServiceRecordsService, which the runtime
 * services API shares) and the user tokens of `JupyterHub.api_tokens`. Config services no
 * longer listed are removed; services created at runtime are left alone.
 */
@Injectable()
export class ServiceTokensInitializer {
  private readonly logger = new Logger('startup');

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(ServiceRecordsService) private readonly records: ServiceRecordsService,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  /** Writes the config's services; returns the API token of each managed one, by name. */
  async syncServices(manager: EntityManager): Promise<Map<string, string>> {
    const managedTokens = new Map<string, string>();
    const repository = manager.getRepository(ServiceEntity);
    const specs = this.config.JupyterHub.services;
    const stale = await repository.findBy({
      fromConfig: true,
      name: Not(In(specs.map((spec) => spec.name))),
    });
    for (const service of stale) await this.records.remove(service, manager);
    const runtime = await repository.findBy({ fromConfig: false });
    for (const spec of specs) {
      if (runtime.some((service) => service.name === spec.name)) {
        // as JupyterHub: the config does not take over a service created through the API
        this.logger.error(
          `config service ${spec.name} has the name of a service created at runtime; skipped`,
        );
        continue;
      }
      let service: ServiceEntity;
      try {
        service = await this.records.save(spec, true, manager);
      } catch (error) {
        if (error instanceof ServiceSpecError) {
          throw new ServiceSpecError(`JupyterHub.services: ${error.message}`);
        }
        throw error;
      }
      if (spec.command?.length) {
        managedTokens.set(
          spec.name,
          spec.api_token || (await this.records.issueStartupToken(service, manager)),
        );
      }
    }
    return managedTokens;
  }

  async syncUserTokens(manager: EntityManager): Promise<void> {
    for (const [token, userName] of Object.entries(this.config.JupyterHub.api_tokens)) {
      const user = await this.users.ensure(userName, manager);
      await this.records.syncConfigToken({ userId: user.id }, token, manager);
    }
  }
}
