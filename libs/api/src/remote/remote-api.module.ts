import { Module } from '@nestjs/common';
import { RemoteTunnelGateway } from './remote-tunnel.gateway';

/** The remote agent's tunnel endpoint (issue 15); the tunnels themselves are `@orrery/spawn`'s. */
@Module({ providers: [RemoteTunnelGateway] })
export class RemoteApiModule {}
