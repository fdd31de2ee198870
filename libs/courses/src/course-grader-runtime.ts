import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { Clock, CourseEntity, HubConfig } from '@orrery/core';
import { LocalUidAllocator } from '@orrery/spawn';
import { DataSource, IsNull } from 'typeorm';
import { COURSE_GRADER, type CourseGraderSpec } from './course-grader.port';
import { CourseGraderRoutes } from './course-grader-routes';
import { coursesRoot, exchangeRoot } from './course-storage';
import { CoursesService } from './courses.service';
import { CourseGraders, GraderOnDemand } from './grader';

/** The graders as web's on-demand services; the hub registers it with `ServiceOnDemand`. */
export const GRADER_ON_DEMAND = Symbol('GraderOnDemand');

/** How often idle graders are looked for: a tenth of the idle timeout, at most a minute. */
export function graderCullEveryMs(idleTimeoutSeconds: number): number {
  return Math.min(60, Math.max(1, idleTimeoutSeconds / 10)) * 1000;
}

/** The runtime's options from the config (the grader engineer's mapping of `Courses` keys). */
export function courseGradersFor(
  config: HubConfig,
  clock: Clock,
  dataSource: DataSource,
  routes: CourseGraderRoutes,
): CourseGraders {
  const uids = new LocalUidAllocator(dataSource, config.LocalProcessSpawner.uid_range);
  return new CourseGraders({
    config,
    clock,
    root: coursesRoot(config),
    exchangeRoot: exchangeRoot(config),
    command: config.Courses.grader_cmd ?? config.Spawner.cmd,
    idleTimeoutSeconds: config.Courses.grader_idle_timeout,
    startTimeoutSeconds: config.Spawner.start_timeout,
    allocateUid: (userName) => uids.uidFor(userName),
    publish: (courseId, url) => routes.publish(courseId, url),
    lastActivity: (courseId) => routes.lastActivity(courseId),
  });
}

/**
 * Provides COURSE_GRADER (so `CoursesService` starts graders) and the on-demand graders. A
 * course that does not exist or is archived is no on-demand service: its visit is the 404 of
 * JupyterHub. `handles` never mints the service token: a new one revokes the running grader's.
 */
export const courseGraderProviders: Provider[] = [
  CourseGraderRoutes,
  {
    provide: COURSE_GRADER,
    inject: [HubConfig, Clock, DataSource, CourseGraderRoutes],
    useFactory: courseGradersFor,
  },
  {
    provide: GRADER_ON_DEMAND,
    inject: [COURSE_GRADER, CoursesService, DataSource],
    useFactory: (graders: CourseGraders, courses: CoursesService, dataSource: DataSource) => {
      const open = (name: string) =>
        dataSource.getRepository(CourseEntity).existsBy({ name, archived: IsNull() });
      // starts go through the courses' launch in turn, which mints the token (never twice)
      const launching = {
        state: (name: string) => graders.state(name),
        touch: (name: string) => graders.touch(name),
        start: (spec: CourseGraderSpec) => courses.launchGrader(spec.courseId),
      };
      return new GraderOnDemand(
        launching,
        async (name) => ((await open(name)) ? courses.unmintedSpec(name) : null),
        open,
      );
    },
  },
];

/**
 * The graders' start and end with the hub: no grader runs at start (a killed hub's routes are
 * forgotten), idle ones are stopped from then on, and all are stopped before the proxy and
 * the database close, so none outlives the hub.
 */
@Injectable()
export class CourseGraderLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(COURSE_GRADER) private readonly graders: CourseGraders,
    @Inject(CourseGraderRoutes) private readonly routes: CourseGraderRoutes,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const courses = await this.dataSource.getRepository(CourseEntity).find({ select: ['name'] });
    await this.routes.forgetAll(courses.map((course) => course.name));
    this.graders.cullEvery(graderCullEveryMs(this.config.Courses.grader_idle_timeout));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.graders.stopAll();
  }
}
