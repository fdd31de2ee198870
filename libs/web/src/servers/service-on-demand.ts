import { Injectable } from '@nestjs/common';

/** Where an on-demand service is when someone opens it. */
export type OnDemandState =
  { state: 'running' } | { state: 'starting' } | { state: 'failed'; reason: string };

/**
 * Services started when first opened (a course's grader, libs/courses/src/grader): `handles`
 * says whether a name is one, `visit` starts it when it is stopped (or, with `retry`, failed)
 * and says where it is.
 */
export interface OnDemandServices {
  handles(serviceName: string): Promise<boolean>;
  visit(serviceName: string, retry: boolean): Promise<OnDemandState>;
}

/**
 * The hub's registry of on-demand services: the courses module registers its graders at
 * start; without one, `/hub/services/...` stays the 404 it is in JupyterHub.
 */
@Injectable()
export class ServiceOnDemand {
  private services: OnDemandServices | null = null;

  register(services: OnDemandServices): void {
    this.services = services;
  }

  async handles(serviceName: string): Promise<boolean> {
    return (await this.services?.handles(serviceName)) ?? false;
  }

  async visit(serviceName: string, retry: boolean): Promise<OnDemandState> {
    if (!this.services) return { state: 'failed', reason: 'no on-demand services' };
    return this.services.visit(serviceName, retry);
  }
}
