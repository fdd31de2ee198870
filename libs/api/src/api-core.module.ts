import { Global, Module } from '@nestjs/common';
import { AuthCache } from './auth/auth-cache';
import { OwnerScopesService } from './auth/owner-scopes.service';
import { ResourceGroupsService } from './auth/resource-groups.service';
import { TokenAuthService } from './auth/token-auth.service';
import { RolesService } from './domain/roles.service';
import { TokensService } from './domain/tokens.service';
import { UsersService } from './domain/users.service';
import { UserModelService } from './models/user-model.service';

/** Services every API area uses: credentials and scopes, domain services, model builders. */
@Global()
@Module({
  providers: [
    AuthCache,
    OwnerScopesService,
    ResourceGroupsService,
    TokenAuthService,
    RolesService,
    TokensService,
    UsersService,
    UserModelService,
  ],
  exports: [
    AuthCache,
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
