import { Inject, Injectable } from '@nestjs/common';
import type { LaunchCourse } from '@orrery/auth';
import { RolesService, ServiceRecordsService, UsersService } from '@orrery/api';
import {
  Clock,
  CourseEntity,
  GroupEntity,
  HubConfig,
  RoleEntity,
  ServiceEntity,
  UserEntity,
} from '@orrery/core';
import { EntityManager, In } from 'typeorm';
import { courseIdCandidates, courseIdSource, normaliseCourseId } from './course-names';
import { courseNames, CourseRoleSpec, courseRoleSpecs, groupForRoles } from './course-roles';

const MEMBERS = 'user_group_map';

/** A course to create: its id (already safe and free), title and LMS context, if any. */
export interface NewCourse {
  name: string;
  title: string | null;
  lmsPlatform: string | null;
  lmsContextId: string | null;
}

/**
 * Writes a course's hub objects, always inside a caller's transaction: the row, its two
 * groups, the grader account in both, its three roles and its hub service. A crash or a
 * failure anywhere rolls all of them back, so a course is whole or absent.
 */
@Injectable()
export class CourseRecords {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(RolesService) private readonly roles: RolesService,
    @Inject(ServiceRecordsService) private readonly services: ServiceRecordsService,
  ) {}

  /** The launch's course, created at the first launch from its context. */
  async fromLaunch(manager: EntityManager, launch: LaunchCourse): Promise<CourseEntity> {
    const platform = launch.platform ?? '';
    const courses = manager.getRepository(CourseEntity);
    const known = await courses.findOneBy({ lmsPlatform: platform, lmsContextId: launch.id });
    if (known) return known;
    const base = normaliseCourseId(courseIdSource(launch, this.config.Courses.course_id_key));
    const candidates = courseIdCandidates(base, platform, launch.id);
    const taken = new Set(
      (await courses.findBy({ name: In(candidates) })).map((course) => course.name),
    );
    // a hub service of that name made by hand is not this course's either
    const services = await manager.getRepository(ServiceEntity).findBy({ name: In(candidates) });
    for (const service of services) taken.add(service.name);
    const name = candidates.find((candidate) => !taken.has(candidate));
    if (!name) throw new Error(`no free course id for context ${launch.id} (${base})`);
    return this.create(manager, {
      name,
      title: launch.title ?? launch.label,
      lmsPlatform: platform,
      lmsContextId: launch.id,
    });
  }

  async create(manager: EntityManager, spec: NewCourse): Promise<CourseEntity> {
    const courses = manager.getRepository(CourseEntity);
    // insert first: a concurrent creation of the same context or id fails here, before the rest
    const course = await courses.save(
      courses.create({
        ...spec,
        created: this.clock.now(),
        archived: null,
        graderState: 'stopped',
      }),
    );
    const names = courseNames(spec.name);
    // groups and roles of these names may exist already (a hub moved from a hand-written
    // nbgrader setup, as nbgrader's demo configures): the course adopts them
    const learners = await this.ensureGroup(manager, names.learners);
    const staff = await this.ensureGroup(manager, names.staff);
    const grader = await this.users.ensure(names.graderUser, manager);
    await this.join(manager, grader.id, [learners.id, staff.id]);
    for (const role of courseRoleSpecs(spec.name)) await this.ensureRole(manager, role);
    await this.roles.assign('group', staff.id, names.staff, manager);
    await this.roles.assign('group', learners.id, names.learners, manager);
    const service = await this.services.save(
      {
        name: names.service,
        oauth_no_confirm: true,
        oauth_redirect_uri: `${this.config.JupyterHub.base_url}services/${names.service}/oauth_callback`,
        display: true,
        info: { course: spec.name, ...(spec.title && { title: spec.title }) },
        command: this.config.Courses.grader_cmd ?? this.config.Spawner.cmd,
      },
      false,
      manager,
      true,
    );
    await this.roles.assign('service', service.id, names.serviceRole, manager);
    return course;
  }

  /**
   * Puts the user in the group their launch roles name and out of the other one (a learner
   * who becomes a TA moves); no course role, neither.
   */
  async setMembership(
    manager: EntityManager,
    course: CourseEntity,
    userId: number,
    roles: readonly string[],
  ): Promise<void> {
    const names = courseNames(course.name);
    const groups = await manager
      .getRepository(GroupEntity)
      .findBy({ name: In([names.learners, names.staff]) });
    const wanted = groupForRoles(roles);
    const wantedName = wanted ? names[wanted] : null;
    const keep = groups.filter((group) => group.name === wantedName).map((group) => group.id);
    const drop = groups.filter((group) => group.name !== wantedName).map((group) => group.id);
    if (drop.length) {
      await manager
        .createQueryBuilder()
        .delete()
        .from(MEMBERS)
        .where('user_id = :userId', { userId })
        .andWhere('group_id IN (:...drop)', { drop })
        .execute();
    }
    await this.join(manager, userId, keep);
  }

  /** The course's people by group, without its grader account. */
  async members(
    manager: EntityManager,
    course: CourseEntity,
  ): Promise<{ staff: string[]; learners: string[] }> {
    const names = courseNames(course.name);
    const rows: { user: string; group: string }[] = await manager
      .createQueryBuilder()
      .select('u.name', 'user')
      .addSelect('g.name', 'group')
      .from(MEMBERS, 'm')
      .innerJoin('users', 'u', 'u.id = m.user_id')
      .innerJoin('groups', 'g', 'g.id = m.group_id')
      .where('g.name IN (:...groups)', { groups: [names.staff, names.learners] })
      .getRawMany();
    const of = (group: string) =>
      rows
        .filter((row) => row.group === group && row.user !== names.graderUser)
        .map((row) => row.user)
        .sort();
    return { staff: of(names.staff), learners: of(names.learners) };
  }

  /** Puts users in one of the course's groups and out of the other. */
  async addMembers(
    manager: EntityManager,
    course: CourseEntity,
    group: 'staff' | 'learners',
    userIds: number[],
  ): Promise<void> {
    const roles = group === 'staff' ? ['instructor'] : ['learner'];
    for (const userId of userIds) await this.setMembership(manager, course, userId, roles);
  }

  async removeMembers(
    manager: EntityManager,
    course: CourseEntity,
    userIds: number[],
  ): Promise<void> {
    for (const userId of userIds) await this.setMembership(manager, course, userId, []);
  }

  /** Deletes every hub object of the course (its storage is the caller's to delete). */
  async remove(manager: EntityManager, course: CourseEntity): Promise<void> {
    const names = courseNames(course.name);
    const service = await manager.getRepository(ServiceEntity).findOneBy({ name: names.service });
    if (service) await this.services.remove(service, manager);
    await manager
      .getRepository(RoleEntity)
      .delete({ name: In(courseRoleSpecs(course.name).map((role) => role.name)) });
    const groups = manager.getRepository(GroupEntity);
    const rows = await groups.findBy({ name: In([names.learners, names.staff]) });
    if (rows.length) {
      const ids = rows.map((group) => group.id);
      await manager
        .createQueryBuilder()
        .delete()
        .from(MEMBERS)
        .where('group_id IN (:...ids)', { ids })
        .execute();
      await groups.delete({ id: In(ids) });
    }
    await manager.getRepository(UserEntity).delete({ name: names.graderUser });
    await manager.getRepository(CourseEntity).delete({ id: course.id });
  }

  private async ensureGroup(manager: EntityManager, name: string): Promise<GroupEntity> {
    const groups = manager.getRepository(GroupEntity);
    return (
      (await groups.findOneBy({ name })) ?? groups.save(groups.create({ name, properties: {} }))
    );
  }

  /** A role of that name already there keeps its scopes; the course check reports any lack. */
  private async ensureRole(manager: EntityManager, role: CourseRoleSpec): Promise<void> {
    const roles = manager.getRepository(RoleEntity);
    if (await roles.existsBy({ name: role.name })) return;
    // not a config role: the start-up sync deletes unflagged roles that load_roles lacks
    await roles.save(roles.create({ ...role, managedByAuth: true }));
  }

  private async join(manager: EntityManager, userId: number, groupIds: number[]): Promise<void> {
    if (!groupIds.length) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(MEMBERS)
      .values(groupIds.map((groupId) => ({ group_id: groupId, user_id: userId })))
      .orIgnore()
      .execute();
  }
}
