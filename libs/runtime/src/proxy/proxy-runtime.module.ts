import { Global, Module } from '@nestjs/common';
import { HubProxy } from '@orrery/api';
import { ServerRoutes } from '@orrery/spawn';
import { HubProxyService } from './hub-proxy.service';
import { HubServerRoutes } from './hub-server-routes';
import { WantedRoutesService } from './wanted-routes.service';

/**
 * Running or reaching the proxy; global, as the API and the pages use it through the `HubProxy`
 * port and the spawn orchestrator through `ServerRoutes`.
 */
@Global()
@Module({
  providers: [
    WantedRoutesService,
    HubProxyService,
    { provide: HubProxy, useExisting: HubProxyService },
    { provide: ServerRoutes, useClass: HubServerRoutes },
  ],
  exports: [HubProxyService, HubProxy, ServerRoutes],
})
export class ProxyRuntimeModule {}
