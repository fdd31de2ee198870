import { Module } from '@nestjs/common';

/** The OAuth2 provider: authorize and token endpoints, clients and codes. */
@Module({})
export class OAuthModule {}
