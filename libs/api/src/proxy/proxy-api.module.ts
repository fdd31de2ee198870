import { Global, Module } from '@nestjs/common';
import { ServerRoutes } from '@orrery/spawn';
import { HubProxyService } from './hub-proxy.service';
import { HubServerRoutes } from './hub-server-routes';
import { ProxyController } from './proxy.controller';
import { WantedRoutesService } from './wanted-routes.service';

/**
 * The hub's side of the proxy: running or reaching it, check_routes, `/hub/api/proxy`, and
 * (globally, for the spawn orchestrator) the routes of servers.
 */
@Global()
@Module({
  controllers: [ProxyController],
  providers: [
    WantedRoutesService,
    HubProxyService,
    { provide: ServerRoutes, useClass: HubServerRoutes },
  ],
  exports: [HubProxyService, ServerRoutes],
})
export class ProxyApiModule {}
