import { Inject, Injectable } from '@nestjs/common';
import type { ServerTokenScopesHook } from '@orrery/spawn';
import { CourseEntity } from '@orrery/core';
import { DataSource } from 'typeorm';
import { courseNames, MEMBER_SERVER_SCOPES } from './course-roles';

/** A course member's server token gets what nbgrader needs there (MEMBER_SERVER_SCOPES). */
@Injectable()
export class CourseTokenScopesHook implements ServerTokenScopesHook {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async extraScopes(user: { id: number }): Promise<string[]> {
    const rows: { name: string }[] = await this.dataSource
      .createQueryBuilder()
      .select('g.name', 'name')
      .from('user_group_map', 'm')
      .innerJoin('groups', 'g', 'g.id = m.group_id')
      .where('m.user_id = :userId', { userId: user.id })
      .getRawMany();
    if (!rows.length) return [];
    const courses = await this.dataSource.getRepository(CourseEntity).find();
    const member = courses.some((course) => {
      const names = courseNames(course.name);
      return rows.some((row) => row.name === names.learners || row.name === names.staff);
    });
    return member ? MEMBER_SERVER_SCOPES : [];
  }
}
