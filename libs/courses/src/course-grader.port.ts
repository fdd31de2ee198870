/**
 * The seam to the grader service runtime (`./grader/`, built beside this library): courses
 * owns the objects and the records, the port owns storage and the running formgrader.
 * Absent (no provider for COURSE_GRADER), every grader is 'stopped' and a start is refused.
 */
export interface CourseGraderSpec {
  /** nbgrader course_id == hub service name */
  courseId: string;
  /** 'grader-<id>', a hub user, member of both groups */
  graderUser: string;
  /** the hub service's API token (courses mints it with the service role) */
  serviceToken: string;
  /** Courses.root */
  root: string;
}

export type GraderState = 'stopped' | 'starting' | 'running' | 'failed';

export interface CourseGraderPort {
  /** course dir, grader home, exchange; idempotent */
  prepareStorage(spec: CourseGraderSpec): Promise<void>;
  /** resolves when the service URL answers */
  start(spec: CourseGraderSpec): Promise<void>;
  stop(courseId: string): Promise<void>;
  state(courseId: string): { state: GraderState; reason?: string; url?: string };
  /** env/extra config for a member's server */
  nbgraderEnvFor(role: 'learner' | 'instructor', courseIds: string[]): Record<string, string>;
}

export const COURSE_GRADER = Symbol('CourseGraderPort');
