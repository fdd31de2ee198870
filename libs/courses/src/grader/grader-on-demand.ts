import { Logger } from '@nestjs/common';
import type { CourseGraders } from './course-graders.service';
import type { CourseGraderSpec } from './grader-port.types';

/** Where a course's grader is when an instructor opens `/services/<id>/` (web's OnDemandState). */
export type GraderVisit =
  { state: 'running' } | { state: 'starting' } | { state: 'failed'; reason: string };

/**
 * The graders as on-demand services (structurally web's `OnDemandServices`, which the courses
 * module registers with `ServiceOnDemand`): a visit to a stopped grader starts it in the
 * background; a failed one shows its reason until the visitor asks to try again; every visit
 * to a running one counts as use for the idle stop. `specFor` (the courses side) names the
 * courses: null for any other service. `isCourse`, when given, answers `handles` without a
 * spec (a spec may carry a fresh service token, which would revoke the running grader's).
 */
export class GraderOnDemand {
  private readonly logger = new Logger('courses');

  constructor(
    private readonly graders: Pick<CourseGraders, 'state' | 'touch' | 'start'>,
    private readonly specFor: (courseId: string) => Promise<CourseGraderSpec | null>,
    private readonly isCourse?: (serviceName: string) => Promise<boolean>,
  ) {}

  async handles(serviceName: string): Promise<boolean> {
    if (this.isCourse) return this.isCourse(serviceName);
    return (await this.specFor(serviceName)) !== null;
  }

  async visit(courseId: string, retry: boolean): Promise<GraderVisit> {
    const now = this.graders.state(courseId);
    if (now.state === 'running') {
      this.graders.touch(courseId);
      return { state: 'running' };
    }
    if (now.state === 'starting') return { state: 'starting' };
    if (now.state === 'failed' && !retry) return { state: 'failed', reason: now.reason ?? '' };
    const spec = await this.specFor(courseId);
    if (!spec) return { state: 'failed', reason: `${courseId} is not a course` };
    // the page reloads until it runs; the failure is kept in the grader's state for it
    this.graders
      .start(spec)
      .catch((error: unknown) => this.logger.warn({ message: String(error), service: courseId }));
    return { state: 'starting' };
  }
}
