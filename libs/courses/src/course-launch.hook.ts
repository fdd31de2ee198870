import { Inject, Injectable } from '@nestjs/common';
import type { LoginCourseHook } from '@orrery/api';
import type { AuthResult } from '@orrery/auth';
import { CourseEntity, UserEntity } from '@orrery/core';
import { EntityManager } from 'typeorm';
import { CourseRecords } from './course-records.service';
import { courseNames } from './course-roles';

/**
 * A launch from an LMS context: the first one creates its course, every one sets the user's
 * group in it from the launch roles. Runs in the login's transaction (LoginRecords), so the
 * course and the login commit together; a launch without a context is a plain login.
 */
@Injectable()
export class CourseLaunchHook implements LoginCourseHook {
  constructor(@Inject(CourseRecords) private readonly records: CourseRecords) {}

  async keptGroups(manager: EntityManager, user: UserEntity): Promise<string[]> {
    const rows: { name: string }[] = await manager
      .createQueryBuilder()
      .select('g.name', 'name')
      .from('user_group_map', 'm')
      .innerJoin('groups', 'g', 'g.id = m.group_id')
      .where('m.user_id = :userId', { userId: user.id })
      .getRawMany();
    const courseGroups = new Set(
      (await manager.getRepository(CourseEntity).find({ select: { name: true } })).flatMap(
        (course) => {
          const names = courseNames(course.name);
          return [names.learners, names.staff];
        },
      ),
    );
    return rows.map((row) => row.name).filter((name) => courseGroups.has(name));
  }

  async onLogin(manager: EntityManager, user: UserEntity, result: AuthResult): Promise<void> {
    if (!result.course) return;
    const course = await this.records.fromLaunch(manager, result.course);
    if (course.archived) return;
    await this.records.setMembership(manager, course, user.id, result.course.roles);
  }
}
