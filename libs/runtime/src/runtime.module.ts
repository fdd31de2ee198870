import { Global, Module } from '@nestjs/common';
import { AuthStateCrypt, HubConfig } from '@orrery/core';
import { ServicesApiModule } from '@orrery/api';
import { PoolModule } from './pool/pool.module';
import { ProxyRuntimeModule } from './proxy/proxy-runtime.module';
import { authStateCrypt } from './startup/auth-state-crypt.factory';
import { HubStateInitializer } from './startup/hub-state.initializer';
import { ServiceTokensInitializer } from './startup/service-tokens.initializer';

/**
 * What the hub runs besides answering HTTP: the start-up sync of config into the database, the
 * warm pool, and the auth state cipher. Global, as the API and the pages inject the cipher and
 * the login flow claims from the pool.
 */
@Global()
@Module({
  imports: [PoolModule, ProxyRuntimeModule, ServicesApiModule],
  providers: [
    {
      provide: AuthStateCrypt,
      useFactory: (config: HubConfig) => authStateCrypt(config, process.env.JUPYTERHUB_CRYPT_KEY),
      inject: [HubConfig],
    },
    ServiceTokensInitializer,
    HubStateInitializer,
  ],
  exports: [AuthStateCrypt],
})
export class RuntimeModule {}
