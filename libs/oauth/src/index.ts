export { OAuthModule } from './oauth.module';
export { OAuthClientsService } from './oauth-clients.service';
export type { OAuthClientSpec } from './oauth-clients.service';
export { OAuthCodesService, CODE_LIFETIME_SECONDS } from './oauth-codes.service';
export { OAuthAuthorizeService } from './oauth-authorize.service';
export type { AuthorizeOutcome, AuthorizingUser } from './oauth-authorize.service';
export { OAuthTokenService } from './oauth-token.service';
export type { TokenResponse } from './oauth-token.service';
export { OAuthError } from './oauth-error';
export {
  OAuthDeviceService,
  DEVICE_GRANT_TYPE,
  DEVICE_TOKEN_SCOPES,
  REMOTE_CLIENT_ID,
} from './oauth-device.service';
export type { DeviceAuthorization, PendingDeviceLogin } from './oauth-device.service';
export type { RequestParams } from './authorize-params';
export type { ScopeDescription } from './scope-descriptions';
export { codeChallengeOf } from './pkce';
