/**
 * The courses seam's shapes (`../course-grader.port.ts`, written by the courses side), repeated
 * here so this folder builds on its own. They are structurally the same, so the implementation
 * satisfies that port wherever the integrator wires it in.
 */
export interface CourseGraderSpec {
  /** nbgrader's course_id and the hub service's name */
  courseId: string;
  /** `grader-<id>`, a hub user in both of the course's groups */
  graderUser: string;
  /** the hub service's API token */
  serviceToken: string;
  /** `Courses.root` */
  root: string;
}

export type GraderState = 'stopped' | 'starting' | 'running' | 'failed';

export type MemberRole = 'learner' | 'instructor';

export interface CourseGraderPort {
  prepareStorage(spec: CourseGraderSpec): Promise<void>;
  start(spec: CourseGraderSpec): Promise<void>;
  stop(courseId: string): Promise<void>;
  state(courseId: string): { state: GraderState; reason?: string; url?: string };
  nbgraderEnvFor(role: MemberRole, courseIds: string[]): Record<string, string>;
}
