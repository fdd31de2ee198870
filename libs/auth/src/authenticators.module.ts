import { Global, Module } from '@nestjs/common';
import { AuthenticatorRegistry } from './authenticator-registry.service';

/** The configured authenticator and the common login rules; global, as the API's guard refreshes logins. */
@Global()
@Module({ providers: [AuthenticatorRegistry], exports: [AuthenticatorRegistry] })
export class AuthenticatorsModule {}
