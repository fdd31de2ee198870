import { Module } from '@nestjs/common';
import { AuthorizationsController } from './authorizations.controller';

/** The legacy `/hub/api/authorizations/*` endpoints. */
@Module({ controllers: [AuthorizationsController] })
export class AuthorizationsApiModule {}
