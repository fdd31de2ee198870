import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { HubConfig, HubError, HubMetrics, UserEntity } from '@orrery/core';
import { SpawnRecords } from '@orrery/spawn';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import type { HubRequest } from '../auth/auth-context';
import { Public } from '../auth/needs-scope.decorator';

/**
 * `GET /hub/metrics`, Prometheus' text format. Declared public because
 * `JupyterHub.authenticate_prometheus: false` opens it to anyone, as JupyterHub does; otherwise
 * it is checked here for `read:metrics` (the guard has resolved the caller for public routes too).
 */
@Controller()
export class MetricsController {
  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(HubMetrics) private readonly metrics: HubMetrics,
    @Inject(SpawnRecords) private readonly records: SpawnRecords,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  @Get('metrics')
  @Public()
  async metricsText(@Req() request: HubRequest, @Res() reply: FastifyReply): Promise<void> {
    if (this.config.JupyterHub.authenticate_prometheus) {
      if (!request.hubAuth) throw new HubError(403, 'Missing or invalid credentials.');
      if (!request.hubAuth.scopes.has('read:metrics')) {
        throw new HubError(
          403,
          'Action is not authorized with current scopes; requires any of [read:metrics]',
        );
      }
    }
    // gauges JupyterHub keeps up to date as it goes are read from the database at scrape time
    this.metrics.runningServers.set(await this.records.activeCount());
    this.metrics.totalUsers.set(await this.dataSource.getRepository(UserEntity).count());
    const text = await this.metrics.render();
    void reply.type(this.metrics.contentType).send(text);
  }
}
