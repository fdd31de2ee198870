import { Inject, Injectable } from '@nestjs/common';
import {
  ApiTokenEntity,
  GroupEntity,
  HubConfig,
  OAuthClientEntity,
  RoleEntity,
  ServiceEntity,
  UserEntity,
} from '@orrery/core';
import { constants as fsConstants } from 'node:fs';
import * as fs from 'node:fs/promises';
import { DataSource, In, Like } from 'typeorm';
import type { GraderState } from './course-grader.port';
import { CourseRecords } from './course-records.service';
import { courseNames, courseRoleSpecs, groupForRoles } from './course-roles';
import { courseStorage, exchangeRoot } from './course-storage';
import { CoursesService, NO_GRADER_RUNTIME } from './courses.service';

export interface CourseCheck {
  name: string;
  ok: boolean;
  /** every problem found, in words a person can act on */
  problems: string[];
}

interface LaunchedCourse {
  id: string;
  platform?: string;
  roles: string[];
}

/**
 * What the grader runtime's state says is wrong: a stopped grader is not (graders start on
 * demand), a failed one is, with the runtime's reason.
 */
export function graderProblems(
  hasRuntime: boolean,
  { state, reason }: { state: GraderState; reason?: string },
): string[] {
  if (!hasRuntime) return [NO_GRADER_RUNTIME];
  return state === 'failed'
    ? [`The grader service failed to start: ${reason ?? 'no reason given'}.`]
    : [];
}

/**
 * `GET /hub/api/courses/:id/check`: looks at every part of a course that nbgrader depends on
 * and reports each problem, not only the first: the grader, the groups and their members
 * (as their last launch put them), the roles and the grader's tokens, the storage.
 */
@Injectable()
export class CourseCheckService {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(CoursesService) private readonly courses: CoursesService,
    @Inject(CourseRecords) private readonly records: CourseRecords,
  ) {}

  async check(name: string): Promise<CourseCheck> {
    const course = await this.courses.require(name);
    const problems = [
      ...this.grader(name),
      ...(await this.groups(name)),
      ...(await this.launchedMembers(name, course.lmsPlatform, course.lmsContextId)),
      ...(await this.roles(name)),
      ...(await this.service(name)),
      ...(await this.storage(name)),
    ];
    return { name, ok: problems.length === 0, problems };
  }

  private grader(name: string): string[] {
    return graderProblems(this.courses.hasGraderRuntime(), this.courses.graderState(name));
  }

  private async groups(name: string): Promise<string[]> {
    const names = courseNames(name);
    const problems: string[] = [];
    const groups = await this.dataSource
      .getRepository(GroupEntity)
      .find({ where: { name: In([names.learners, names.staff]) }, relations: { users: true } });
    const grader = await this.dataSource
      .getRepository(UserEntity)
      .findOneBy({ name: names.graderUser });
    if (!grader) problems.push(`The grader account ${names.graderUser} does not exist.`);
    for (const group of [names.learners, names.staff]) {
      const found = groups.find((row) => row.name === group);
      if (!found) {
        problems.push(`The group ${group} does not exist.`);
      } else if (grader && !found.users.some((user) => user.id === grader.id)) {
        problems.push(
          `The grader account ${names.graderUser} is not in ${group}, so nbgrader shows released assignments as drafts.`,
        );
      }
    }
    return problems;
  }

  /** People whose last launch from the course's context puts them in a group they are not in. */
  private async launchedMembers(
    name: string,
    platform: string | null,
    contextId: string | null,
  ): Promise<string[]> {
    if (platform === null || contextId === null) return [];
    const members = await this.records.members(
      this.dataSource.manager,
      await this.courses.require(name),
    );
    const names = courseNames(name);
    // a cheap text filter first; the JSON is then read for the exact context
    const users = await this.dataSource
      .getRepository(UserEntity)
      .findBy({ userInfo: Like(`%${contextId}%`) as never });
    const problems: string[] = [];
    for (const user of users) {
      const launched = (
        (user.userInfo as { courses?: LaunchedCourse[] } | null)?.courses ?? []
      ).find((course) => course.id === contextId && (course.platform ?? platform) === platform);
      const group = launched ? groupForRoles(launched.roles) : null;
      if (!group || members[group].includes(user.name)) continue;
      problems.push(
        `${user.name} launched as ${launched?.roles.join(', ')} but is not in ${names[group]}.`,
      );
    }
    return problems;
  }

  private async roles(name: string): Promise<string[]> {
    const specs = courseRoleSpecs(name);
    const rows = await this.dataSource.getRepository(RoleEntity).find({
      where: { name: In(specs.map((spec) => spec.name)) },
      relations: { groups: true, services: true },
    });
    const problems: string[] = [];
    for (const spec of specs) {
      const row = rows.find((role) => role.name === spec.name);
      if (!row) {
        problems.push(`The role ${spec.name} does not exist.`);
        continue;
      }
      const missing = spec.scopes.filter((scope) => !row.scopes.includes(scope));
      if (missing.length) {
        problems.push(`The role ${spec.name} lacks ${missing.join(', ')}, which nbgrader needs.`);
      }
      const names = courseNames(name);
      const holder = spec.name === names.serviceRole ? names.service : spec.name;
      const held =
        spec.name === names.serviceRole
          ? row.services.some((service) => service.name === holder)
          : row.groups.some((group) => group.name === holder);
      if (!held) problems.push(`The role ${spec.name} is not held by ${holder}.`);
    }
    return problems;
  }

  /** The service, its OAuth client, and each of its tokens against the scopes nbgrader needs. */
  private async service(name: string): Promise<string[]> {
    const names = courseNames(name);
    const service = await this.dataSource
      .getRepository(ServiceEntity)
      .findOneBy({ name: names.service });
    if (!service) return [`The hub service ${names.service} does not exist.`];
    const problems: string[] = [];
    if (!service.oauthNoConfirm) {
      problems.push(`The hub service ${names.service} asks people to confirm its OAuth access.`);
    }
    const client = service.oauthClientId
      ? await this.dataSource
          .getRepository(OAuthClientEntity)
          .findOneBy({ identifier: service.oauthClientId })
      : null;
    if (!client) problems.push(`The hub service ${names.service} has no OAuth client.`);
    const needed = courseRoleSpecs(name).find((role) => role.name === names.serviceRole)!.scopes;
    const tokens = await this.dataSource
      .getRepository(ApiTokenEntity)
      .findBy({ serviceId: service.id });
    for (const token of tokens) {
      if (token.scopes.includes('inherit')) continue;
      const missing = needed.filter((scope) => !token.scopes.includes(scope));
      if (missing.length) {
        problems.push(
          `A token of the hub service ${names.service} (${token.note || 'no note'}) lacks ${missing.join(', ')}, which nbgrader needs.`,
        );
      }
    }
    return problems;
  }

  private async storage(name: string): Promise<string[]> {
    const storage = courseStorage(this.config, name);
    const problems: string[] = [];
    const places: [string, string][] = [
      ['course directory', storage.courseDir],
      ["grader's home", storage.graderHome],
      ['exchange', exchangeRoot(this.config)],
    ];
    for (const [what, where] of places) {
      try {
        await fs.access(where, fsConstants.W_OK);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        problems.push(
          code === 'ENOENT'
            ? `The ${what} ${where} is missing.`
            : `The ${what} ${where} is not writable by the hub (${code}).`,
        );
      }
    }
    return problems;
  }
}
