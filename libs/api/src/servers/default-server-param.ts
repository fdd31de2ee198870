import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';

interface DefaultServerConfig {
  defaultServer?: boolean;
}

/** `/users/{name}/server...` routes name the default server, though their path has no server. */
export const DefaultServerRoute = (): MethodDecorator =>
  RouteConfig({ defaultServer: true } satisfies DefaultServerConfig);

/**
 * Gives DefaultServerRoute routes `server_name = ''` before the scope guard runs, so a
 * server-filtered scope (`start:servers!server=alice/`) is checked against the server.
 */
@Injectable()
export class DefaultServerParam implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('preValidation', async (request) => {
      const config = request.routeOptions.config as DefaultServerConfig | undefined;
      if (!config?.defaultServer) return;
      // not enumerable: Nest's Fastify adapter sends requests with an empty (enumerable)
      // param to the not-found handler before any guard runs
      Object.defineProperty(request.params, 'server_name', { value: '', enumerable: false });
    });
  }
}
