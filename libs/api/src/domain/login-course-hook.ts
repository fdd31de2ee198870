import type { AuthResult } from '@orrery/auth';
import type { UserEntity } from '@orrery/core';
import type { EntityManager } from 'typeorm';

/**
 * What a login does about the LMS course it came from, inside the login's own transaction
 * (so a course is made whole or not at all). Provided by `@orrery/courses` when
 * `Courses.enabled`; absent, a login is exactly what it was without courses. Declared here
 * so the API does not import the courses library that builds on it.
 */
export interface LoginCourseHook {
  /**
   * Hub groups the user keeps when `Authenticator.manage_groups` sets their groups to the
   * launch's: the course groups of their other courses, which one launch cannot name.
   */
  keptGroups(manager: EntityManager, user: UserEntity, result: AuthResult): Promise<string[]>;
  /** Creates the launch's course when it is new, and sets the user's place in it. */
  onLogin(manager: EntityManager, user: UserEntity, result: AuthResult): Promise<void>;
}

export const LOGIN_COURSE_HOOK = Symbol('LoginCourseHook');
