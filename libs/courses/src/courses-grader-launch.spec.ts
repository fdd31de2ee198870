import { HubConfig, SystemClock } from '@orrery/core';
import type { ServiceRecordsService, UsersService } from '@orrery/api';
import type { DataSource } from 'typeorm';
import type { CourseGraderPort, CourseGraderSpec, GraderState } from './course-grader.port';
import type { CourseRecords } from './course-records.service';
import { CoursesService } from './courses.service';

/**
 * Grader starts through CoursesService against a fake runtime and token minting: each spec
 * mints a service token that revokes the one before, so only the token the grader started
 * with may be the last one minted.
 */
function fixture() {
  const minted: string[] = [];
  const started: CourseGraderSpec[] = [];
  const states = new Map<string, GraderState>();
  const repository = {
    findOneBy: async () => ({ id: 1, name: 'phys', archived: null }),
    findOneByOrFail: async () => ({ id: 1, name: 'phys' }),
  };
  const manager = { getRepository: () => repository };
  const dataSource = {
    getRepository: () => repository,
    transaction: async (work: (m: typeof manager) => Promise<unknown>) => work(manager),
  } as unknown as DataSource;
  const services = {
    issueStartupToken: async () => {
      await new Promise((done) => setTimeout(done, 5));
      minted.push(`token-${minted.length + 1}`);
      return minted[minted.length - 1];
    },
  } as unknown as ServiceRecordsService;
  const grader: CourseGraderPort = {
    prepareStorage: async () => undefined,
    start: (spec) => {
      if (states.get(spec.courseId) !== 'starting' && states.get(spec.courseId) !== 'running') {
        started.push(spec);
        states.set(spec.courseId, 'starting');
      }
      return new Promise((done) =>
        setTimeout(() => {
          states.set(spec.courseId, 'running');
          done();
        }, 20),
      );
    },
    stop: async () => undefined,
    state: (id) => ({ state: states.get(id) ?? 'stopped' }),
    nbgraderEnvFor: () => ({}),
  };
  const courses = new CoursesService(
    new HubConfig(),
    new SystemClock(),
    dataSource,
    {} as CourseRecords,
    {} as UsersService,
    services,
    grader,
  );
  return { courses, minted, started };
}

describe('CoursesService.launchGrader', () => {
  it('mints one service token for simultaneous first starts, the one the grader starts with', async () => {
    const { courses, minted, started } = fixture();
    await Promise.all([courses.launchGrader('phys'), courses.launchGrader('phys')]);
    await courses.launchGrader('phys');
    expect(minted).toEqual(['token-1']);
    expect(started.map((spec) => spec.serviceToken)).toEqual(['token-1']);
  });
});
