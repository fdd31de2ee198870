export { CoursesModule } from './courses.module';
export { CourseRecords } from './course-records.service';
export { COURSE_GRADER } from './course-grader.port';
export type { CourseGraderPort, CourseGraderSpec, GraderState } from './course-grader.port';
export { courseNames, courseRoleSpecs, MEMBER_SERVER_SCOPES } from './course-roles';
export { normaliseCourseId, isSafeCourseId } from './course-names';
