export { AuthCache } from './auth/auth-cache';
export { TokensService } from './domain/tokens.service';
export { UsersService } from './domain/users.service';
export { HubApiModule } from './hub-api.module';
export { registerHubHeaders } from './http/hub-headers';
export { API_BODY_LIMIT, registerJsonBodyParser } from './http/json-body';
export { ORRERY_VERSION } from './orrery-version';
export { StartupConfigError } from './startup/hub-state.initializer';
