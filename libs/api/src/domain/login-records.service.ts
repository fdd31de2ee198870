import { Inject, Injectable, Optional } from '@nestjs/common';
import type { AuthResult, LaunchCourse } from '@orrery/auth';
import { AuthStateCrypt, HubConfig, retryOnceOnUniqueViolation, UserEntity } from '@orrery/core';
import { DataSource, EntityManager } from 'typeorm';
import { LOGIN_COURSE_HOOK, LoginCourseHook } from './login-course-hook';
import { setUserGroups } from './user-groups';
import { UsersService } from './users.service';

/** user_info keys the login flow owns. */
interface LoginUserInfo {
  identity?: string;
  courses?: LaunchCourse[];
}

/** An admitted login or refresh: the normalised name, the admin verdict and the result. */
export interface AdmittedLogin {
  name: string;
  admin: boolean | undefined;
  result: AuthResult;
}

/**
 * What a login (or a refresh that returned new details) writes about a user, in one
 * transaction: the row (created at first login), admin flag, managed groups, encrypted auth
 * state, identity and LMS courses. A login from a different identity than the one the user
 * was created with writes nothing and answers null.
 */
@Injectable()
export class LoginRecords {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(AuthStateCrypt) private readonly crypt: AuthStateCrypt,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Optional()
    @Inject(LOGIN_COURSE_HOOK)
    private readonly courseHook: LoginCourseHook | null = null,
  ) {}

  /**
   * With courses on, two first launches from one new context race to create its course: the
   * loser's transaction meets the unique context and runs again, finding the winner's course.
   */
  record(login: AdmittedLogin): Promise<UserEntity | null> {
    if (!this.courseHook) return this.recordOnce(login);
    return retryOnceOnUniqueViolation(() => this.recordOnce(login));
  }

  private recordOnce(login: AdmittedLogin): Promise<UserEntity | null> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.users.findByName(login.name, manager);
      const info = (existing?.userInfo ?? {}) as LoginUserInfo;
      const identity = login.result.identity;
      if (identity && info.identity && info.identity !== identity) return null;
      const user = existing ?? (await this.users.create(login.name, false, manager));
      if (login.admin !== undefined) await this.users.setAdmin(user, login.admin, manager);
      if (this.config.Authenticator.manage_groups && login.result.groups) {
        const kept = this.courseHook
          ? await this.courseHook.keptGroups(manager, user, login.result)
          : [];
        await setUserGroups(manager, user.id, [...login.result.groups, ...kept]);
      }
      await this.saveUserData(manager, user, login.result, info);
      await this.courseHook?.onLogin(manager, user, login.result);
      return user;
    });
  }

  /** The user's decrypted auth state, null when there is none or no key opens it. */
  authStateOf(user: { encryptedAuthState: string | null }): Record<string, unknown> | null {
    return user.encryptedAuthState ? this.crypt.decrypt(user.encryptedAuthState) : null;
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
