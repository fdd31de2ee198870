import { Global, Module } from '@nestjs/common';
import { CookieSecret, HubConfig, loadCookieSecret } from '@orrery/core';
import { AuthCache } from './auth/auth-cache';
import { AuthRefresh } from './auth/auth-refresh.service';
import { LoginRecords } from './domain/login-records.service';
import { CookieAuthService } from './auth/cookie-auth.service';
import { LoginSessionService } from './auth/login-session.service';
import { OwnerScopesService } from './auth/owner-scopes.service';
import { ResourceGroupsService } from './auth/resource-groups.service';
import { TokenAuthService } from './auth/token-auth.service';
import { RolesService } from './domain/roles.service';
import { TokensService } from './domain/tokens.service';
import { UsersService } from './domain/users.service';
import { UserModelService } from './models/user-model.service';

/**
 * Services every API area and page uses: credentials, cookies and scopes, domain services,
 * model builders.
 */
@Global()
@Module({
  providers: [
    {
      provide: CookieSecret,
      useFactory: (config: HubConfig) => loadCookieSecret(config.JupyterHub),
      inject: [HubConfig],
    },
    AuthCache,
    AuthRefresh,
    LoginRecords,
    CookieAuthService,
    LoginSessionService,
    OwnerScopesService,
    ResourceGroupsService,
    TokenAuthService,
    RolesService,
    TokensService,
    UsersService,
    UserModelService,
  ],
  exports: [
    CookieSecret,
    AuthCache,
    AuthRefresh,
    LoginRecords,
    AuthRefresh,
    LoginRecords,
    CookieAuthService,
    LoginSessionService,
    OwnerScopesService,
    ResourceGroupsService,
    TokenAuthService,
    RolesService,
    TokensService,
    UsersService,
    UserModelService,
  ],
})
export class ApiCoreModule {}
