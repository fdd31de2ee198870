import { Module } from '@nestjs/common';
import { ProxyController } from './proxy.controller';

/** `/hub/api/proxy`; the proxy itself (the `HubProxy` port) comes from `@orrery/runtime`. */
@Module({ controllers: [ProxyController] })
export class ProxyApiModule {}
