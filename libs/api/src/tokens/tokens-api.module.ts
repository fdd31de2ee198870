import { Module } from '@nestjs/common';
import { TokenModelService } from './token-model.service';
import { UserTokensController } from './user-tokens.controller';
import { UserTokensService } from './user-tokens.service';

/** `/users/{name}/tokens`; exports the token model builder for other areas. */
@Module({
  controllers: [UserTokensController],
  providers: [TokenModelService, UserTokensService],
  exports: [TokenModelService],
})
export class TokensApiModule {}
