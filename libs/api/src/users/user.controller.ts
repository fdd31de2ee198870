import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Req,
} from '@nestjs/common';
import { HubError, UserEntity } from '@orrery/core';
import { AuthContext, HubRequest } from '../auth/auth-context';
import { Auth } from '../auth/auth.decorator';
import { HubProxy } from '../proxy/hub-proxy.port';
import { NeedsScope } from '../auth/needs-scope.decorator';
import { isValidUsername } from '../domain/user-names';
import { UsersService } from '../domain/users.service';
import { UserModelService } from '../models/user-model.service';
import { UserAdminService } from './user-admin.service';
import { checkUserModel, invalidUsernamesMessage, ONLY_ADMINS_GRANT_ADMIN } from './user-body';
import { pythonTruthy } from '../http/python-values';
import { includeStoppedServers } from './user-list-query';

/** `/hub/api/users/{name}`: read, create, modify (rename, admin), delete one user. */
@Controller('api/users/:user_name')
export class UserController {
  constructor(
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(UserAdminService) private readonly admin: UserAdminService,
    @Inject(UserModelService) private readonly userModels: UserModelService,
    @Inject(HubProxy) private readonly proxy: HubProxy,
  ) {}

  @Get()
  @NeedsScope(
    'read:users',
    'read:users:name',
    'read:servers',
    'read:users:groups',
    'read:users:activity',
    'read:roles:users',
  )
  async getUser(
    @Req() request: HubRequest,
    @Auth() auth: AuthContext,
    @Param('user_name') name: string,
  ) {
    const user = await this.users.requireByName(name);
    return this.userModels.model(user, auth.scopes, {
      includeStoppedServers: includeStoppedServers(request.query as Record<string, unknown>),
    });
  }

  @Post()
  @HttpCode(201)
  @NeedsScope('admin:users')
  async createUser(
    @Auth() auth: AuthContext,
    @Param('user_name') name: string,
    @Body() body: unknown,
  ) {
    // checked before the lookup (JupyterHub looks up first): PostgreSQL refuses a NUL in a query
    if (!isValidUsername(name)) throw new HubError(400, invalidUsernamesMessage([name]));
    await this.admin.refuseExisting(name);
    // JupyterHub ignores a falsy body (none, {}, [])
    const admin = pythonTruthy(body) ? (checkUserModel(body).admin ?? false) : false;
    if (admin && !auth.admin) throw new HubError(403, ONLY_ADMINS_GRANT_ADMIN);
    const user = await this.admin.createOne(name, admin);
    return this.userModels.model(user, auth.scopes);
  }

  @Patch()
  @NeedsScope('admin:users')
  async patchUser(
    @Auth() auth: AuthContext,
    @Param('user_name') name: string,
    @Body() body: unknown,
  ) {
    const user = await this.users.requireByName(name);
    const changes = checkUserModel(body);
    if (changes.name !== undefined && changes.name !== name) {
      if (!isValidUsername(changes.name)) {
        throw new HubError(400, invalidUsernamesMessage([changes.name]));
      }
      await this.admin.refuseTakenName(changes.name);
    }
    this.refuseAdminChange(auth, user, changes.admin);
    // JupyterHub type-checks these keys and then fails with a 500 assigning them
    if (changes.groups !== undefined) {
      throw new HubError(400, 'Cannot set groups here; use /groups/{name}/users');
    }
    if (changes.roles !== undefined) {
      throw new HubError(400, 'Cannot set roles here; roles come from JupyterHub.load_roles');
    }
    const updated = await this.admin.update(user, {
      name: changes.name,
      admin: changes.admin,
      authState: changes.auth_state,
    });
    // JupyterHub allows renaming a user whose servers run; their routes are named by the user
    if (updated.name !== name) await this.proxy.syncRoutes();
    // JupyterHub always returns the (decrypted) auth state here, null when there is none
    const model = await this.userModels.model(updated, auth.scopes);
    return { ...model, auth_state: model.auth_state ?? null };
  }

  @Delete()
  @HttpCode(204)
  @NeedsScope('delete:users')
  async deleteUser(@Auth() auth: AuthContext, @Param('user_name') name: string) {
    const user = await this.users.requireByName(name);
    if (auth.kind === 'user' && auth.name === user.name) {
      throw new HubError(400, 'Cannot delete yourself!');
    }
    await this.admin.deleteStoppingDefaultServer(user);
  }

  /** Only admins may modify admins or make someone admin. */
  private refuseAdminChange(auth: AuthContext, user: UserEntity, admin: boolean | undefined) {
    if (auth.admin) return;
    if (user.admin) throw new HubError(403, 'Only admins can modify other admins');
    if (admin) throw new HubError(403, ONLY_ADMINS_GRANT_ADMIN);
  }
}
