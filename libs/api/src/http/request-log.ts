import { Logger } from '@nestjs/common';
import { HubMetrics } from '@orrery/core';
import { redactUrl } from '@orrery/proxy';
import type { FastifyInstance } from 'fastify';
import type { HubRequest } from '../auth/auth-context';

/** What one request log line carries, beside its readable message. */
export interface RequestLogFields {
  message: string;
  method: string;
  path: string;
  status: number;
  ms: number;
  user: string | null;
}

/** The readable line: JupyterHub's `200 GET /hub/api/users (alice@127.0.0.1) 3.12ms` order. */
export function requestLogLine(fields: Omit<RequestLogFields, 'message'>, ip: string): string {
  const who = `${fields.user ?? ''}@${ip}`;
  return `${fields.status} ${fields.method} ${fields.path} (${who}) ${fields.ms.toFixed(2)}ms`;
}

/**
 * One info line per request to the hub (path with its secrets redacted: tokens in queries and
 * in `/authorizations/token/<t>`), and `jupyterhub_request_duration_seconds`. The handler label
 * is the route pattern (`/hub/api/users/:name`): JupyterHub's is its handler class, which Orrery
 * has not; a pattern keeps the label set bounded as a class name does.
 */
export function registerRequestLog(fastify: FastifyInstance, metrics: HubMetrics): void {
  const logger = new Logger('request');
  fastify.addHook('onResponse', (request, reply, done) => {
    // Fastify times every request from onRequest on; no clock of our own on the hot path
    const ms = reply.elapsedTime;
    const fields = {
      method: request.method,
      path: redactUrl(request.url),
      status: reply.statusCode,
      ms,
      user: (request as HubRequest).hubAuth?.name ?? null,
    };
    metrics.requestDuration.observe(
      {
        method: request.method,
        handler: request.routeOptions.url ?? 'unmatched',
        code: String(reply.statusCode),
      },
      ms / 1000,
    );
    logger.log({
      message: requestLogLine(fields, request.ip),
      ...fields,
    } satisfies RequestLogFields);
    done();
  });
}
