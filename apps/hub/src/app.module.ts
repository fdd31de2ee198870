import { DynamicModule, Module } from '@nestjs/common';
import { Clock, DatabaseModule, HubConfig, SystemClock } from '@orrery/core';
import { HubApiModule } from '@orrery/api';

/** The hub: configuration and clock are provided here; everything else comes from libs. */
@Module({})
export class AppModule {
  static forConfig(config: HubConfig, clock: Clock = new SystemClock()): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [DatabaseModule, HubApiModule],
      providers: [
        { provide: HubConfig, useValue: config },
        { provide: Clock, useValue: clock },
      ],
      exports: [HubConfig, Clock],
    };
  }
}
