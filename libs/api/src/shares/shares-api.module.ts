import { Module } from '@nestjs/common';
import { ServerSharesController } from './server-shares.controller';
import { ShareCodeExchange } from './share-code-exchange.service';
import { ShareCodesController } from './share-codes.controller';
import { ShareCodesService } from './share-codes.service';
import { ShareLookupService } from './share-lookup.service';
import { SharedWithController } from './shared-with.controller';
import { SharesService } from './shares.service';

/** `/shares`, `/share-codes`, `/users/{name}/shared`, `/groups/{name}/shared`. */
@Module({
  controllers: [ServerSharesController, ShareCodesController, SharedWithController],
  providers: [ShareLookupService, SharesService, ShareCodesService, ShareCodeExchange],
  exports: [SharesService, ShareCodesService, ShareCodeExchange],
})
export class SharesApiModule {}
