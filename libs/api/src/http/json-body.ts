import { HubError } from '@orrery/core';
import type { FastifyInstance } from 'fastify';

export const INVALID_JSON = 'Invalid JSON in body of request';

/** Largest request body the API reads; larger ones get 413 before any work is done. */
export const API_BODY_LIMIT = 1024 * 1024;

/**
 * JupyterHub reads every API body as JSON whatever its Content-Type (clients such as
 * nbgrader send none), so one parser takes all types. An empty body is `undefined`.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    '*',
    { parseAs: 'string', bodyLimit: API_BODY_LIMIT },
    (_request, body, done) => {
      const text = (body as string).trim();
      if (text === '') return done(null, undefined);
      try {
        done(null, JSON.parse(text));
      } catch {
        done(new HubError(400, INVALID_JSON), undefined);
      }
    },
  );
}
