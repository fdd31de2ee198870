import { HubConfig } from '@orrery/core';
import type { HubProxyService } from '@orrery/runtime';
import type { DataSource } from 'typeorm';
import { CourseGraderLifecycle, graderCullEveryMs } from './course-grader-runtime';
import { CourseGraderRoutes } from './course-grader-routes';
import type { CourseGraders } from './grader';

/** The routes adapter against a fake proxy and services table, and the graders' lifecycle. */
function fixture() {
  const urls = new Map<string, string | null>([['phys', 'http://127.0.0.1:1/']]);
  const routes: Record<
    string,
    { routespec: string; target: string; data: Record<string, unknown> }
  > = {};
  const proxy = {
    addRoute: jest.fn(async (routespec: string, target: string, data: Record<string, unknown>) => {
      routes[routespec] = { routespec, target, data };
    }),
    deleteRoute: jest.fn(async (routespec: string) => {
      delete routes[routespec];
    }),
    routes: jest.fn(async () => routes),
  };
  const repository = {
    update: jest.fn(async (where: { name: string }, set: { url: string | null }) => {
      urls.set(where.name, set.url);
    }),
    find: jest.fn(async () => [{ name: 'phys' }, { name: 'chem' }]),
  };
  const dataSource = { getRepository: () => repository } as unknown as DataSource;
  const config = new HubConfig();
  const adapter = new CourseGraderRoutes(config, dataSource, proxy as unknown as HubProxyService);
  return { adapter, proxy, routes, urls, config, dataSource };
}

describe('CourseGraderRoutes', () => {
  it('routes /services/<id>/ to a running grader and sets its URL, and removes both when it stops', async () => {
    const { adapter, routes, urls } = fixture();
    await adapter.publish('phys', 'http://127.0.0.1:4567');
    expect(routes['/services/phys/']).toEqual({
      routespec: '/services/phys/',
      target: 'http://127.0.0.1:4567',
      data: { service: 'phys' },
    });
    expect(urls.get('phys')).toBe('http://127.0.0.1:4567');
    await adapter.publish('phys', null);
    expect(routes['/services/phys/']).toBeUndefined();
    expect(urls.get('phys')).toBeNull();
  });

  it("reads a grader's last use from its route's last_activity", async () => {
    const { adapter, routes } = fixture();
    expect(await adapter.lastActivity('phys')).toBeNull();
    await adapter.publish('phys', 'http://127.0.0.1:4567');
    routes['/services/phys/'].data.last_activity = '2026-12-08T00:00:00.000Z';
    expect(await adapter.lastActivity('phys')).toBe(Date.parse('2026-12-08T00:00:00.000Z'));
  });
});

describe('CourseGraderLifecycle', () => {
  it("forgets a killed hub's grader URLs at start, culls idle graders, and stops all at shutdown", async () => {
    const { adapter, urls, config, dataSource } = fixture();
    config.Courses.grader_idle_timeout = 300;
    const graders = { cullEvery: jest.fn(), stopAll: jest.fn(async () => undefined) };
    const lifecycle = new CourseGraderLifecycle(
      config,
      dataSource,
      graders as unknown as CourseGraders,
      adapter,
    );
    await lifecycle.onApplicationBootstrap();
    expect(urls.get('phys')).toBeNull();
    expect(graders.cullEvery).toHaveBeenCalledWith(30_000);
    await lifecycle.beforeApplicationShutdown();
    expect(graders.stopAll).toHaveBeenCalled();
  });

  it('looks for idle graders every tenth of the idle timeout, between a second and a minute', () => {
    expect(graderCullEveryMs(3600)).toBe(60_000);
    expect(graderCullEveryMs(300)).toBe(30_000);
    expect(graderCullEveryMs(2)).toBe(1_000);
  });
});
