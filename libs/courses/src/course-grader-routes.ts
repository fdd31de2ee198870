import { Inject, Injectable } from '@nestjs/common';
import { urlEscapePath } from '@orrery/api';
import { HubProxyService } from '@orrery/runtime';
import { HubConfig, serverRoutespec, ServiceEntity, subdomainHostOf } from '@orrery/core';
import { DataSource } from 'typeorm';
import { courseNames } from './course-roles';

/**
 * A course grader's place in the hub: its service's URL and its `/services/<id>/` proxy route,
 * only while it runs. A stopped grader has neither, so a request for it falls through to the
 * hub's `/hub/services/<id>/` (the on-demand page) instead of the proxy's 503. The URL is kept
 * in the services row too, so check_routes keeps the route rather than deleting it as stale.
 */
@Injectable()
export class CourseGraderRoutes {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubProxyService) private readonly proxy: HubProxyService,
  ) {}

  /** The grader of `courseId` now answers at `url`, or (null) is gone. */
  async publish(courseId: string, url: string | null): Promise<void> {
    const service = courseNames(courseId).service;
    await this.dataSource.getRepository(ServiceEntity).update({ name: service }, { url });
    if (url) await this.proxy.addRoute(this.routespec(service), new URL(url).origin, { service });
    else await this.proxy.deleteRoute(this.routespec(service));
  }

  /** The proxy's last request through the grader's route, epoch ms; null without one. */
  async lastActivity(courseId: string): Promise<number | null> {
    const routes = await this.proxy.routes();
    const seen = routes[this.routespec(courseNames(courseId).service)]?.data.last_activity;
    const ms = typeof seen === 'string' ? Date.parse(seen) : NaN;
    return Number.isNaN(ms) ? null : ms;
  }

  /**
   * At start: no grader runs yet (they start on demand and stop with the hub), so a URL left
   * by a hub that was killed would route to nothing; the start's check_routes then drops it.
   */
  async forgetAll(courseIds: string[]): Promise<void> {
    const repository = this.dataSource.getRepository(ServiceEntity);
    for (const id of courseIds) {
      await repository.update({ name: courseNames(id).service }, { url: null });
    }
  }

  private routespec(service: string): string {
    const { base_url: baseUrl, subdomain_host: subdomainHost } = this.config.JupyterHub;
    return serverRoutespec(
      subdomainHostOf(subdomainHost),
      service,
      'service',
      `${baseUrl}services/${urlEscapePath(service)}/`,
    );
  }
}
