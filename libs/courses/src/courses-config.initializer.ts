import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { UsersService } from '@orrery/api';
import { CourseEntity, HubConfig, retryOnceOnUniqueViolation } from '@orrery/core';
import { DataSource } from 'typeorm';
import { isSafeCourseId } from './course-names';
import { CourseRecords } from './course-records.service';
import { BAD_COURSE_ID } from './courses.service';

/**
 * `Courses.courses` at every start, in one transaction: each course is created when new and
 * gets exactly the members the config lists (instructors and TAs as staff). A course removed
 * from the config is kept, with its data: deleting one is an API call, never a config edit.
 */
@Injectable()
export class CoursesConfigInitializer implements OnApplicationBootstrap {
  private readonly logger = new Logger('courses');

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CourseRecords) private readonly records: CourseRecords,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const specs = this.config.Courses.courses;
    const bad = specs.filter((spec) => !isSafeCourseId(spec.name));
    if (bad.length) {
      throw new Error(
        `Courses.courses: ${bad.map((spec) => spec.name).join(', ')}: ${BAD_COURSE_ID}`,
      );
    }
    if (!specs.length) return;
    await retryOnceOnUniqueViolation(() =>
      this.dataSource.transaction(async (manager) => {
        for (const spec of specs) {
          const course =
            (await manager.getRepository(CourseEntity).findOneBy({ name: spec.name })) ??
            (await this.records.create(manager, {
              name: spec.name,
              title: spec.title ?? null,
              lmsPlatform: null,
              lmsContextId: null,
            }));
          const idsOf = async (names: string[] = []) => {
            const ids = [];
            for (const name of names) ids.push((await this.users.ensure(name, manager)).id);
            return ids;
          };
          const staff = await idsOf([...(spec.instructors ?? []), ...(spec.tas ?? [])]);
          const learners = await idsOf(spec.learners);
          const current = await this.records.members(manager, course);
          const listed = new Set([
            ...(spec.instructors ?? []),
            ...(spec.tas ?? []),
            ...(spec.learners ?? []),
          ]);
          const gone = [];
          for (const name of [...current.staff, ...current.learners]) {
            if (listed.has(name)) continue;
            const user = await this.users.findByName(name, manager);
            if (user) gone.push(user.id);
          }
          await this.records.removeMembers(manager, course, gone);
          await this.records.addMembers(manager, course, 'staff', staff);
          await this.records.addMembers(manager, course, 'learners', learners);
        }
      }),
    );
    this.logger.log(`Courses.courses: ${specs.length} course(s) agree with the configuration`);
  }
}
