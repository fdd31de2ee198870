export { AuthCache } from './auth/auth-cache';
export { AuthRefresh } from './auth/auth-refresh.service';
export { LoginRecords } from './domain/login-records.service';
export { registerAuthCacheInvalidation } from './auth/auth-cache-invalidation';
export { registerXsrfCookie } from './auth/xsrf-cookie-hook';
export { TokensService } from './domain/tokens.service';
export { UsersService } from './domain/users.service';
export { HubApiModule } from './hub-api.module';
export { registerHubHeaders } from './http/hub-headers';
export { registerHubHostGuard, SERVER_HOST_REFUSED } from './http/hub-host-guard';
export { CSP_REPORT_BODY_LIMIT, registerCspReport } from './http/csp-report';
export { registerRequestLog, requestLogLine } from './http/request-log';
export type { RequestLogFields } from './http/request-log';
export { listenAddress } from './http/listen-address';
export { HubProxy } from './proxy/hub-proxy.port';
export { API_BODY_LIMIT, parseForm, registerBodyParser } from './http/json-body';
export type { FormBody } from './http/json-body';
export { ORRERY_VERSION } from './orrery-version';
export { HubShutdown } from './shutdown/hub-shutdown.service';
export type { ShutdownRequest } from './shutdown/hub-shutdown.service';
export { PageRenderer } from './http/page-renderer';
export { ShareCodeExchange, type ShareInvitation } from './shares/share-code-exchange.service';
export { SharesApiModule } from './shares/shares-api.module';
export type { AuthContext, HubRequest } from './auth/auth-context';
export { LoginSessionService } from './auth/login-session.service';
export type { LoginUser } from './auth/login-session.service';
export {
  Authenticated,
  NeedsScope,
  PageAuth,
  Public,
  PublicPage,
} from './auth/needs-scope.decorator';
export { UserModelService } from './models/user-model.service';
export { appendSetCookie, browserProtocol } from './auth/hub-cookies';
export { isValidUsername } from './domain/user-names';
export { urlEscapePath } from './models/url-escape';
export { serverPrefix } from './models/server-model';
export { checkNamedServer } from './servers/server-body';
export {
  isPageNavigation,
  isUntrustworthyOrigin,
  hubFrameAncestors,
  NavigationOnly,
} from './auth/page-fetch-rules';
export { Culler } from './culler/culler.service';
export type { CullRound } from './culler/culler.service';
export { LOGIN_COURSE_HOOK, type LoginCourseHook } from './domain/login-course-hook';
export { RolesService } from './domain/roles.service';
export { ServicesApiModule } from './services/services-api.module';
export { ServiceRecordsService, ServiceSpecError } from './services/service-records.service';
export { UsersApiModule } from './users/users-api.module';
export { UserAdminService } from './users/user-admin.service';
