import { Module } from '@nestjs/common';
import { AuthenticatorRegistry } from './authenticator-registry.service';

/** The configured authenticator and the common login rules. */
@Module({ providers: [AuthenticatorRegistry], exports: [AuthenticatorRegistry] })
export class AuthenticatorsModule {}
