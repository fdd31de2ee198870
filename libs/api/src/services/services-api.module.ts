import { Module } from '@nestjs/common';
import { RuntimeServicesService } from './runtime-services.service';
import { ServiceRecordsService } from './service-records.service';
import { ServicesController } from './services.controller';

/**
 * `/hub/api/services*`. Exports ServiceRecordsService, which writes config services at
 * start-up (startup/service-tokens.initializer.ts) as it writes runtime ones.
 */
@Module({
  controllers: [ServicesController],
  providers: [ServiceRecordsService, RuntimeServicesService],
  exports: [ServiceRecordsService],
})
export class ServicesApiModule {}
