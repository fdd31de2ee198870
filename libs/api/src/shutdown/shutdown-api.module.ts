import { Module } from '@nestjs/common';
import { HubShutdown } from './hub-shutdown.service';
import { ShutdownController } from './shutdown.controller';

/** `POST /hub/api/shutdown` and HubShutdown, through which the application stops itself. */
@Module({
  controllers: [ShutdownController],
  providers: [HubShutdown],
  exports: [HubShutdown],
})
export class ShutdownApiModule {}
