import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ApiCoreModule } from './api-core.module';
import { AuthorizationsApiModule } from './authorizations/authorizations-api.module';
import { GroupsApiModule } from './groups/groups-api.module';
import { OAuth2ApiModule } from './oauth2/oauth2-api.module';
import { PoolModule } from './pool/pool.module';
import { ProxyApiModule } from './proxy/proxy-api.module';
import { ServersApiModule } from './servers/servers-api.module';
import { ServicesApiModule } from './services/services-api.module';
import { ShutdownApiModule } from './shutdown/shutdown-api.module';
import { ScopeGuard } from './auth/scope.guard';
import { HubInfoController } from './hub/hub-info.controller';
import { MetricsController } from './metrics/metrics.controller';
import { HubErrorFilter } from './http/hub-error.filter';
import { HubStateInitializer } from './startup/hub-state.initializer';
import { SharesApiModule } from './shares/shares-api.module';
import { ServiceTokensInitializer } from './startup/service-tokens.initializer';
import { TokensApiModule } from './tokens/tokens-api.module';
import { SelfController } from './users/self.controller';
import { UsersApiModule } from './users/users-api.module';

/**
 * The JupyterHub REST API under `<base_url>hub/api`. Each area (users, groups, services,
 * tokens, shares, proxy) is its own module imported here. Needs HubConfig, Clock, DataSource.
 */
@Module({
  imports: [
    ApiCoreModule,
    UsersApiModule,
    TokensApiModule,
    GroupsApiModule,
    ServicesApiModule,
    ShutdownApiModule,
    AuthorizationsApiModule,
    SharesApiModule,
    ProxyApiModule,
    OAuth2ApiModule,
    ServersApiModule,
    PoolModule,
  ],
  controllers: [HubInfoController, SelfController, MetricsController],
  providers: [
    ServiceTokensInitializer,
    HubStateInitializer,
    { provide: APP_GUARD, useClass: ScopeGuard },
    { provide: APP_FILTER, useClass: HubErrorFilter },
  ],
})
export class HubApiModule {}
