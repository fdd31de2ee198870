import { Module } from '@nestjs/common';
import { OAuthModule } from '@orrery/oauth';
import { DevicePageController } from './device-page.controller';
import { OAuth2AuthorizeController } from './oauth2-authorize.controller';
import { OAuth2DeviceController } from './oauth2-device.controller';
import { OAuth2TokenController } from './oauth2-token.controller';

/** JupyterHub's OAuth2 provider endpoints under `/hub/api/oauth2/`; the logic is in libs/oauth. */
@Module({
  imports: [OAuthModule],
  controllers: [
    OAuth2AuthorizeController,
    OAuth2TokenController,
    OAuth2DeviceController,
    DevicePageController,
  ],
})
export class OAuth2ApiModule {}
