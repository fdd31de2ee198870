export { CoursesModule } from './courses.module';
export { CourseRecords } from './course-records.service';
export { COURSE_GRADER } from './course-grader.port';
export type { CourseGraderPort, CourseGraderSpec, GraderState } from './course-grader.port';
export { courseNames, courseRoleSpecs, MEMBER_SERVER_SCOPES } from './course-roles';
export { normaliseCourseId, isSafeCourseId } from './course-names';
export { CoursesService, NO_GRADER_RUNTIME, MEMBERS_FROM_LMS } from './courses.service';
export type { CourseModel } from './courses.service';
export { courseStorage, coursesRoot, exchangeRoot } from './course-storage';
