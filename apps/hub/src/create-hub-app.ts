import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Clock, HubConfig, HubMetrics, subdomainHostOf, SystemClock } from '@orrery/core';
import {
  API_BODY_LIMIT,
  AuthCache,
  HubShutdown,
  LoginSessionService,
  registerAuthCacheInvalidation,
  registerCspReport,
  registerXsrfCookie,
  registerRequestLog,
  registerHubHeaders,
  registerHubHostGuard,
  registerBodyParser,
} from '@orrery/api';
import { findAuthenticator } from '@orrery/auth';
import { registerWebRoutes } from '@orrery/web';
import { AppModule } from './app.module';
import { hubLogger } from './hub-logger';

/** Builds (but does not start listening) the hub's Nest application on Fastify. */
export async function createHubApp(
  config: HubConfig,
  clock: Clock = new SystemClock(),
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    bodyLimit: API_BODY_LIMIT,
    // closing the hub must not wait on a client that stopped mid-request (a body over the
    // limit answered 413 while the proxy still held its half-sent upstream request)
    forceCloseConnections: true,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forConfig(config, clock),
    adapter,
    {
      logger: hubLogger(),
      abortOnError: false,
      // Nest's own JSON parser would replace registerBodyParser's for application/json
      bodyParser: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  const hubPrefix = `${config.JupyterHub.base_url}hub/`;
  registerRequestLog(fastify, app.get(HubMetrics));
  registerBodyParser(fastify, hubPrefix);
  registerHubHeaders(fastify, {
    version: config.JupyterHub.jupyterhub_version,
    hubPrefix,
    frameAncestors: findAuthenticator(config.JupyterHub.authenticator_class).frameAncestors?.(
      config,
    ),
  });
  // after the headers, so its redirects and refusals carry the CSP and frame refusal too
  const connect = config.JupyterHub.hub_connect_url;
  registerHubHostGuard(
    fastify,
    subdomainHostOf(config.JupyterHub.subdomain_host),
    hubPrefix,
    connect ? new URL(connect).hostname : null,
  );
  registerCspReport(fastify, hubPrefix);
  registerAuthCacheInvalidation(fastify, app.get(AuthCache));
  registerXsrfCookie(fastify, app.get(LoginSessionService));
  registerWebRoutes(fastify, config);
  app.setGlobalPrefix(hubPrefix.replace(/^\/|\/$/g, ''));
  // no enableShutdownHooks: `orrery start` handles SIGINT/SIGTERM itself (exit-signals.ts)
  try {
    await app.init();
  } catch (error) {
    // a start-up check that fails after other modules began (the warm pool filling, timers)
    // must not leave them running: the process (or the test) would keep servers it never owns
    await app.close().catch(() => undefined);
    throw error;
  }
  await fastify.ready();
  // POST /hub/api/shutdown closes the app; only `orrery start` then exits the process
  app.get(HubShutdown).setHandler(() => app.close());
  return app;
}
