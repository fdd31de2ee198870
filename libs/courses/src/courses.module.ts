import { Global, Module } from '@nestjs/common';
import { LOGIN_COURSE_HOOK, ServicesApiModule } from '@orrery/api';
import { SERVER_TOKEN_SCOPES_HOOK } from '@orrery/spawn';
import { CourseLaunchHook } from './course-launch.hook';
import { CourseRecords } from './course-records.service';
import { CourseTokenScopesHook } from './course-token-scopes.hook';

/**
 * Courses (issue 14). Imported by the hub only when `Courses.enabled`: global, so the API's
 * LoginRecords and the spawner's lifecycle find the optional hooks it provides.
 */
@Global()
@Module({
  imports: [ServicesApiModule],
  providers: [
    CourseRecords,
    CourseLaunchHook,
    CourseTokenScopesHook,
    { provide: LOGIN_COURSE_HOOK, useExisting: CourseLaunchHook },
    { provide: SERVER_TOKEN_SCOPES_HOOK, useExisting: CourseTokenScopesHook },
  ],
  exports: [CourseRecords, LOGIN_COURSE_HOOK, SERVER_TOKEN_SCOPES_HOOK],
})
export class CoursesModule {}
