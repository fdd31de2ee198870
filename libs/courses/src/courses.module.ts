import { Global, Module } from '@nestjs/common';
import { LOGIN_COURSE_HOOK, ServicesApiModule } from '@orrery/api';
import { SERVER_ENV_HOOK, SERVER_TOKEN_SCOPES_HOOK } from '@orrery/spawn';
import { CourseCheckService } from './course-check.service';
import {
  CourseGraderLifecycle,
  courseGraderProviders,
  GRADER_ON_DEMAND,
} from './course-grader-runtime';
import { COURSE_GRADER } from './course-grader.port';
import { CourseGraderRoutes } from './course-grader-routes';
import { CourseLaunchHook } from './course-launch.hook';
import { CourseMemberEnvHook } from './course-member-env.hook';
import { CourseRecords } from './course-records.service';
import { CourseTokenScopesHook } from './course-token-scopes.hook';
import { CoursesConfigInitializer } from './courses-config.initializer';
import { CoursesController } from './courses.controller';
import { CoursesService } from './courses.service';

/**
 * The courses' records, the grader runtime (COURSE_GRADER, `./grader/`) and the optional hooks
 * of `@orrery/api` (logins) and `@orrery/spawn` (server tokens): global, so LoginRecords and
 * the server lifecycle find them.
 */
@Global()
@Module({
  imports: [ServicesApiModule],
  providers: [
    CourseRecords,
    CoursesService,
    CourseLaunchHook,
    CourseTokenScopesHook,
    { provide: LOGIN_COURSE_HOOK, useExisting: CourseLaunchHook },
    { provide: SERVER_TOKEN_SCOPES_HOOK, useExisting: CourseTokenScopesHook },
    CourseMemberEnvHook,
    { provide: SERVER_ENV_HOOK, useExisting: CourseMemberEnvHook },
    ...courseGraderProviders,
  ],
  exports: [
    CourseRecords,
    CoursesService,
    LOGIN_COURSE_HOOK,
    SERVER_TOKEN_SCOPES_HOOK,
    SERVER_ENV_HOOK,
    COURSE_GRADER,
    GRADER_ON_DEMAND,
    CourseGraderRoutes,
  ],
})
export class CourseRecordsModule {}

/**
 * Courses (issue 14), imported by the hub after HubApiModule and only when `Courses.enabled`.
 * Not global on purpose: Nest runs the start-up hooks of global modules first, and the
 * `Courses.courses` sync needs the default roles the hub's own start-up sync writes. The
 * graders' start and end with the hub are here; the hub registers GRADER_ON_DEMAND with web's
 * `ServiceOnDemand` (courses may not import web).
 */
@Module({
  imports: [CourseRecordsModule],
  controllers: [CoursesController],
  providers: [CourseCheckService, CoursesConfigInitializer, CourseGraderLifecycle],
  exports: [CourseRecordsModule],
})
export class CoursesModule {}
