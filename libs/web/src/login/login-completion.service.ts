import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthCache, isValidUsername, LoginSessionService, UsersService } from '@orrery/api';
import { AuthenticatorRegistry, AuthResult, LaunchCourse } from '@orrery/auth';
import { AuthStateCrypt, HubConfig, UserEntity } from '@orrery/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource, EntityManager } from 'typeorm';
import { HubUserDirectory } from './hub-user-directory';
import { LandingService } from './landing.service';
import { setUserGroups } from './managed-groups';

/** Why a login from an authenticator route did not happen: shown to the person, and logged. */
export interface LoginRefusal {
  ok: false;
  status: number;
  message: string;
  reason: string;
}

export const NOT_ALLOWED = 'You are not allowed to use this hub. Ask its administrator for access.';
export const IDENTITY_TAKEN =
  'This name already belongs to another account on this hub, so you cannot sign in with it.';

/** user_info keys the login flow owns. */
interface LoginUserInfo {
  identity?: string;
  courses?: LaunchCourse[];
}

/**
 * The end of every login that an authenticator route (OAuth callback, LTI launch, tmp)
 * produced: the common rules, then the user row, admin flag, groups, auth state and course in
 * one transaction (a refused or failed login leaves no user behind), then the login cookies.
 */
@Injectable()
export class LoginCompletion {
  private readonly logger = new Logger('Login');

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(AuthenticatorRegistry) private readonly registry: AuthenticatorRegistry,
    @Inject(HubUserDirectory) private readonly directory: HubUserDirectory,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(LoginSessionService) private readonly session: LoginSessionService,
    @Inject(LandingService) private readonly landing: LandingService,
    @Inject(AuthStateCrypt) private readonly crypt: AuthStateCrypt,
    @Inject(AuthCache) private readonly authCache: AuthCache,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  /** Logs the browser in as `result` and answers the URL to send it to, or a refusal. */
  async complete(
    request: FastifyRequest,
    reply: FastifyReply,
    result: AuthResult,
    next: string | null | undefined,
  ): Promise<{ ok: true; url: string } | LoginRefusal> {
    const outcome = await this.registry.admit(result, this.directory, isValidUsername);
    if (!outcome.ok) return this.refuse(403, NOT_ALLOWED, outcome.reason);
    const admitted = outcome.result;
    const user = await this.dataSource.transaction(async (manager) => {
      const existing = await this.users.findByName(outcome.name, manager);
      const info = (existing?.userInfo ?? {}) as LoginUserInfo;
      if (admitted.identity && info.identity && info.identity !== admitted.identity) return null;
      const row = existing ?? (await this.users.create(outcome.name, false, manager));
      if (outcome.admin !== undefined) await this.users.setAdmin(row, outcome.admin, manager);
      if (this.config.Authenticator.manage_groups && admitted.groups) {
        await setUserGroups(manager, row.id, admitted.groups);
      }
      await this.saveUserData(manager, row, admitted, info);
      return row;
    });
    if (!user) {
      return this.refuse(403, IDENTITY_TAKEN, `${outcome.name} belongs to another identity`);
    }
    this.authCache.invalidate();
    this.session.setLoginCookies(request, reply, user);
    this.logger.log(`User logged in: ${user.name}`);
    return { ok: true, url: await this.landing.afterLogin(request, user.name, next ?? null) };
  }

  refuse(status: number, message: string, reason: string): LoginRefusal {
    this.logger.warn(`Login refused: ${reason}`);
    return { ok: false, status, message, reason };
  }

  private async saveUserData(
    manager: EntityManager,
    user: UserEntity,
    result: AuthResult,
    info: LoginUserInfo,
  ): Promise<void> {
    const changes: Partial<UserEntity> = {};
    if (this.config.Authenticator.enable_auth_state && result.authState) {
      changes.encryptedAuthState = this.crypt.encrypt(result.authState);
    }
    const identity = info.identity ?? result.identity;
    const courses = result.course ? withCourse(info.courses ?? [], result.course) : info.courses;
    if (identity !== info.identity || courses !== info.courses) {
      changes.userInfo = { ...info, ...(identity && { identity }), ...(courses && { courses }) };
    }
    if (Object.keys(changes).length) {
      await manager.getRepository(UserEntity).save(Object.assign(user, changes));
    }
  }
}

/** The user's courses with this launch's course added or replaced (same context id). */
function withCourse(courses: LaunchCourse[], course: LaunchCourse): LaunchCourse[] {
  return [...courses.filter((known) => known.id !== course.id), course];
}
