import { Module } from '@nestjs/common';
import { HubProxyService } from './hub-proxy.service';
import { ProxyController } from './proxy.controller';
import { WantedRoutesService } from './wanted-routes.service';

/** The hub's side of the proxy: running or reaching it, check_routes, `/hub/api/proxy`. */
@Module({
  controllers: [ProxyController],
  providers: [WantedRoutesService, HubProxyService],
  exports: [HubProxyService],
})
export class ProxyApiModule {}
