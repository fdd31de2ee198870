import { Inject, Injectable } from '@nestjs/common';
import { CourseEntity, HubConfig } from '@orrery/core';
import type { ServerEnvHook } from '@orrery/spawn';
import { DataSource, IsNull } from 'typeorm';
import { COURSE_GRADER, CourseGraderPort } from './course-grader.port';
import { courseNames } from './course-roles';
import { coursesRoot } from './course-storage';

/**
 * A course member's server gets nbgrader's configuration for their role (the grader runtime's
 * `nbgraderEnvFor`): instructor when on the staff of any open course, else learner. The
 * member's courses' storage is made first (idempotent), so the exchange a learner fetches
 * from exists before any grader ever ran. Someone in no course gets nothing.
 */
@Injectable()
export class CourseMemberEnvHook implements ServerEnvHook {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(COURSE_GRADER) private readonly grader: CourseGraderPort,
  ) {}

  async extraEnv(user: { id: number }): Promise<Record<string, string>> {
    const rows: { name: string }[] = await this.dataSource
      .createQueryBuilder()
      .select('g.name', 'name')
      .from('user_group_map', 'm')
      .innerJoin('groups', 'g', 'g.id = m.group_id')
      .where('m.user_id = :userId', { userId: user.id })
      .getRawMany();
    if (!rows.length) return {};
    const groups = new Set(rows.map((row) => row.name));
    const courses = await this.dataSource
      .getRepository(CourseEntity)
      .find({ where: { archived: IsNull() }, order: { name: 'ASC' } });
    const staff = courses.filter((course) => groups.has(courseNames(course.name).staff));
    const learner = courses.filter((course) => groups.has(courseNames(course.name).learners));
    const ids = [...new Set([...staff, ...learner].map((course) => course.name))];
    if (!ids.length) return {};
    const root = coursesRoot(this.config);
    for (const courseId of ids) {
      // storage needs no token: the spec's is never read here
      const { graderUser } = courseNames(courseId);
      await this.grader.prepareStorage({ courseId, graderUser, serviceToken: '', root });
    }
    return this.grader.nbgraderEnvFor(staff.length ? 'instructor' : 'learner', ids);
  }
}
