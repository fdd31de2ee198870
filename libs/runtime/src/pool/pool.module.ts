import { Global, Module } from '@nestjs/common';
import { UsersApiModule } from '@orrery/api';
import { WarmPool } from './warm-pool.service';

/** The warm pool of anonymous users; global, as the login flow claims from it. */
@Global()
@Module({ imports: [UsersApiModule], providers: [WarmPool], exports: [WarmPool] })
export class PoolModule {}
