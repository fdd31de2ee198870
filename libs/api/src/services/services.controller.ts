import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { HubConfig, HubError, ServiceEntity } from '@orrery/core';
import { filterServiceModel, ScopeSet } from '@orrery/rbac';
import { DataSource } from 'typeorm';
import { AuthContext } from '../auth/auth-context';
import { Auth } from '../auth/auth.decorator';
import { NeedsScope, NeedsScopeFiltered } from '../auth/needs-scope.decorator';
import { RolesService } from '../domain/roles.service';
import { serviceModel } from '../models/service-model';
import { RuntimeServicesService } from './runtime-services.service';

type ServiceModel = Record<string, unknown>;

/**
 * `/hub/api/services`: the list (an object keyed by name, not paginated), one service, and
 * services created or deleted at runtime.
 */
@Controller('api/services')
export class ServicesController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(RolesService) private readonly roles: RolesService,
    @Inject(RuntimeServicesService) private readonly runtime: RuntimeServicesService,
  ) {}

  @Get()
  @NeedsScopeFiltered('list:services')
  async list(@Auth() auth: AuthContext): Promise<Record<string, ServiceModel>> {
    const scopes = auth.scopes;
    const filters = scopes.filters('list:services');
    const services = await this.dataSource
      .getRepository(ServiceEntity)
      .find({ order: { id: 'ASC' } });
    const listed = services.filter(
      (service) => filters === 'all' || (filters?.service.has(service.name) ?? false),
    );
    const models = await this.models(listed, scopes);
    return Object.fromEntries(models.map((model, i) => [listed[i].name, model]));
  }

  @Get(':service_name')
  @NeedsScope('read:services', 'read:services:name', 'read:roles:services')
  async get(@Auth() auth: AuthContext, @Param('service_name') name: string): Promise<ServiceModel> {
    const service = await this.dataSource.getRepository(ServiceEntity).findOneBy({ name });
    if (!service) throw new HubError(404, `No such service: ${name}`);
    return (await this.models([service], auth.scopes))[0];
  }

  @Post(':service_name')
  @HttpCode(201)
  @NeedsScope('admin:services')
  async create(
    @Auth() auth: AuthContext,
    @Param('service_name') name: string,
    @Body() body: unknown,
  ): Promise<ServiceModel> {
    const service = await this.runtime.create(name, body, auth);
    return (await this.models([service], auth.scopes))[0];
  }

  /** 200 with an empty body, not 204: JupyterHub's answer. */
  @Delete(':service_name')
  @HttpCode(200)
  @NeedsScope('admin:services')
  async delete(@Param('service_name') name: string): Promise<void> {
    await this.runtime.remove(name);
  }

  private async models(services: ServiceEntity[], scopes: ScopeSet): Promise<ServiceModel[]> {
    const roles = await this.roles.roleNamesOf(
      'service',
      services.map((service) => service.id),
    );
    const baseUrl = this.config.JupyterHub.base_url;
    return services.map((service) =>
      filterServiceModel(serviceModel(service, roles.get(service.id) ?? [], baseUrl), scopes),
    );
  }
}
