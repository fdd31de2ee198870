import { Module } from '@nestjs/common';
import { OAuthAuthorizeService } from './oauth-authorize.service';
import { OAuthClientsService } from './oauth-clients.service';
import { OAuthCodesService } from './oauth-codes.service';
import { OAuthDeviceService } from './oauth-device.service';
import { OAuthScopesRepository } from './oauth-scopes.repository';
import { OAuthTokenService } from './oauth-token.service';

/**
 * The OAuth2 provider's domain: clients, codes, the authorize decision and the token
 * exchange. The HTTP endpoints are in libs/api (oauth2/). Needs DataSource, Clock, HubConfig.
 */
@Module({
  providers: [
    OAuthScopesRepository,
    OAuthClientsService,
    OAuthCodesService,
    OAuthAuthorizeService,
    OAuthTokenService,
    OAuthDeviceService,
  ],
  exports: [
    OAuthClientsService,
    OAuthCodesService,
    OAuthAuthorizeService,
    OAuthTokenService,
    OAuthDeviceService,
  ],
})
export class OAuthModule {}
