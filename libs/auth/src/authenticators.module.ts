import { Module } from '@nestjs/common';

/** The configured authenticator and the common login rules. */
@Module({})
export class AuthenticatorsModule {}
