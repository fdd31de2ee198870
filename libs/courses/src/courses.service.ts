import { Inject, Injectable, Optional } from '@nestjs/common';
import { ServiceRecordsService, UsersService } from '@orrery/api';
import {
  Clock,
  CourseEntity,
  HubConfig,
  HubError,
  retryOnceOnUniqueViolation,
  ServiceEntity,
} from '@orrery/core';
import * as fs from 'node:fs/promises';
import { DataSource, EntityManager } from 'typeorm';
import {
  COURSE_GRADER,
  CourseGraderPort,
  CourseGraderSpec,
  GraderState,
} from './course-grader.port';
import { isSafeCourseId, MAX_COURSE_ID } from './course-names';
import { CourseRecords } from './course-records.service';
import { courseNames } from './course-roles';
import { courseStorage, coursesRoot } from './course-storage';

/** What `/hub/api/courses` answers for one course (Orrery's extension; snake_case as the API). */
export interface CourseModel {
  kind: 'course';
  name: string;
  title: string | null;
  lms: { platform: string; context_id: string } | null;
  created: string;
  archived: string | null;
  service: string;
  groups: { staff: string; learners: string };
  grader: { user: string; state: GraderState; reason?: string; url?: string };
  staff: string[];
  learners: string[];
}

export const NO_GRADER_RUNTIME =
  'This hub has no grader runtime for courses, so a course grader cannot start.';
export const BAD_COURSE_ID = `A course id is lowercase letters, digits and single dashes, at most ${MAX_COURSE_ID} characters.`;
export const MEMBERS_FROM_LMS =
  "This course's members come from its LMS (Authenticator.manage_groups): change them there.";

/**
 * The course operations of the API and the config sync. Every write is one transaction, so
 * a course is created or deleted whole. The grader runtime is optional (COURSE_GRADER):
 * without it every grader is 'stopped' and a start is refused with NO_GRADER_RUNTIME.
 */
@Injectable()
export class CoursesService {
  /** the grader launch in turn of each course (launchGrader) */
  private readonly launches = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CourseRecords) private readonly records: CourseRecords,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(ServiceRecordsService) private readonly services: ServiceRecordsService,
    @Optional() @Inject(COURSE_GRADER) private readonly grader: CourseGraderPort | null = null,
  ) {}

  async list(): Promise<CourseModel[]> {
    const courses = await this.dataSource
      .getRepository(CourseEntity)
      .find({ order: { name: 'ASC' } });
    return Promise.all(courses.map((course) => this.model(course)));
  }

  async require(
    name: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<CourseEntity> {
    const course = await manager.getRepository(CourseEntity).findOneBy({ name });
    if (!course) throw new HubError(404, `No such course: ${name}`);
    return course;
  }

  async get(name: string): Promise<CourseModel> {
    return this.model(await this.require(name));
  }

  hasGraderRuntime(): boolean {
    return this.grader !== null;
  }

  graderState(name: string): { state: GraderState; reason?: string; url?: string } {
    return this.grader?.state(name) ?? { state: 'stopped' };
  }

  /** A course without an LMS context (the API, `Courses.courses`); 409 when the id is taken. */
  async create(name: string, title: string | null): Promise<CourseModel> {
    if (!isSafeCourseId(name)) throw new HubError(400, BAD_COURSE_ID);
    const created = await retryOnceOnUniqueViolation(() =>
      this.dataSource.transaction(async (manager) => {
        const taken =
          (await manager.getRepository(CourseEntity).existsBy({ name })) ||
          (await manager.getRepository(ServiceEntity).existsBy({ name }));
        if (taken) throw new HubError(409, `Course ${name} already exists`);
        return this.records.create(manager, { name, title, lmsPlatform: null, lmsContextId: null });
      }),
    );
    return this.model(created);
  }

  /** Adds hub users (created when new, as load_groups does) to the staff or learners. */
  async addMembers(
    name: string,
    group: 'staff' | 'learners',
    users: string[],
  ): Promise<CourseModel> {
    await this.dataSource.transaction(async (manager) => {
      const course = await this.writable(name, manager);
      const ids = [];
      for (const user of users) ids.push((await this.users.ensure(user, manager)).id);
      await this.records.addMembers(manager, course, group, ids);
    });
    return this.get(name);
  }

  async removeMembers(name: string, users: string[]): Promise<CourseModel> {
    await this.dataSource.transaction(async (manager) => {
      const course = await this.writable(name, manager);
      const ids = [];
      for (const user of users) {
        const found = await this.users.findByName(user, manager);
        if (found) ids.push(found.id);
      }
      await this.records.removeMembers(manager, course, ids);
    });
    return this.get(name);
  }

  /** Stops the grader first (an archived course runs nothing), then marks the course. */
  async archive(name: string): Promise<CourseModel> {
    const course = await this.require(name);
    if (this.grader && this.graderState(name).state !== 'stopped') await this.grader.stop(name);
    await this.dataSource
      .getRepository(CourseEntity)
      .update(
        { id: course.id },
        { archived: course.archived ?? this.clock.now(), graderState: 'stopped' },
      );
    return this.get(name);
  }

  /** Deletes the course's hub objects and, with `withData`, its storage and exchange folder. */
  async delete(name: string, withData: boolean): Promise<void> {
    const course = await this.require(name);
    if (this.grader && this.graderState(name).state !== 'stopped') await this.grader.stop(name);
    await this.dataSource.transaction((manager) => this.records.remove(manager, course));
    if (withData) {
      const storage = courseStorage(this.config, name);
      await fs.rm(storage.folder, { recursive: true, force: true });
      await fs.rm(storage.exchange, { recursive: true, force: true });
    }
  }

  /**
   * The spec the grader runtime starts the course's service with; a fresh service token each
   * time (as JupyterHub's managed services get at every start), holding the service role.
   */
  async graderSpec(name: string): Promise<CourseGraderSpec> {
    const names = courseNames(name);
    const token = await this.dataSource.transaction(async (manager) => {
      const service = await manager
        .getRepository(ServiceEntity)
        .findOneByOrFail({ name: names.service });
      return this.services.issueStartupToken(service, manager);
    });
    return {
      courseId: name,
      graderUser: names.graderUser,
      serviceToken: token,
      root: coursesRoot(this.config),
    };
  }

  async startGrader(name: string): Promise<CourseModel> {
    const course = await this.require(name);
    if (course.archived) throw new HubError(409, `Course ${name} is archived`);
    await this.launchGrader(name);
    return this.get(name);
  }

  /**
   * Starts the course's grader unless it runs or starts already, and resolves once it runs.
   * One caller at a time per course: a spec mints a new service token, which revokes the one
   * a running or starting grader holds, so those get a spec without one (the runtime ignores
   * the spec of a grader it runs or starts) and two first visits at once mint one token.
   */
  async launchGrader(name: string): Promise<void> {
    const grader = this.grader;
    if (!grader) throw new HubError(503, NO_GRADER_RUNTIME);
    const previous = this.launches.get(name) ?? Promise.resolve();
    const turn = previous
      .catch(() => undefined)
      .then(async () => {
        const now = grader.state(name).state;
        const busy = now === 'running' || now === 'starting';
        const spec = busy ? this.unmintedSpec(name) : await this.graderSpec(name);
        if (!busy) await grader.prepareStorage(spec);
        return { started: grader.start(spec) };
      });
    this.launches.set(name, turn);
    try {
      await (
        await turn
      ).started;
    } finally {
      if (this.launches.get(name) === turn) this.launches.delete(name);
    }
  }

  /** A spec without a service token, for a runtime that ignores it or mints none. */
  unmintedSpec(name: string): CourseGraderSpec {
    const { graderUser } = courseNames(name);
    return { courseId: name, graderUser, serviceToken: '', root: coursesRoot(this.config) };
  }

  private async writable(name: string, manager: EntityManager): Promise<CourseEntity> {
    const course = await this.require(name, manager);
    if (course.lmsContextId !== null && this.config.Authenticator.manage_groups) {
      throw new HubError(409, MEMBERS_FROM_LMS);
    }
    return course;
  }

  private async model(course: CourseEntity): Promise<CourseModel> {
    const names = courseNames(course.name);
    const members = await this.records.members(this.dataSource.manager, course);
    return {
      kind: 'course',
      name: course.name,
      title: course.title,
      lms:
        course.lmsPlatform !== null && course.lmsContextId !== null
          ? { platform: course.lmsPlatform, context_id: course.lmsContextId }
          : null,
      created: course.created.toISOString(),
      archived: course.archived ? course.archived.toISOString() : null,
      service: names.service,
      groups: { staff: names.staff, learners: names.learners },
      grader: { user: names.graderUser, ...this.graderState(course.name) },
      staff: members.staff,
      learners: members.learners,
    };
  }
}
