import { HubError } from '@orrery/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export const INVALID_JSON = 'Invalid JSON in body of request';

/** Largest request body the API reads; larger ones get 413 before any work is done. */
export const API_BODY_LIMIT = 1024 * 1024;

/** A form body: each field's values in order (`a=1&a=2` gives `{a: ['1', '2']}`). */
export type FormBody = Record<string, string[]>;

export function parseForm(text: string): FormBody {
  const form: FormBody = {};
  for (const [key, value] of new URLSearchParams(text)) (form[key] ??= []).push(value);
  return form;
}

/**
 * Form posts are read as forms only where JupyterHub reads forms: the pages and the OAuth
 * endpoints. Everywhere else under the API a form content type still carries JSON (that is what
 * `curl -d '{...}'` sends).
 */
function readsForm(request: FastifyRequest, hubPrefix: string): boolean {
  const type = request.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return false;
  const path = request.url;
  return !path.startsWith(`${hubPrefix}api/`) || path.startsWith(`${hubPrefix}api/oauth2/`);
}

/**
 * JupyterHub reads every API body as JSON whatever its Content-Type (clients such as
 * nbgrader send none), so one parser takes all types. An empty body is `undefined`; a form
 * body (see readsForm) is a FormBody.
 */
export function registerBodyParser(fastify: FastifyInstance, hubPrefix: string): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    '*',
    { parseAs: 'string', bodyLimit: API_BODY_LIMIT },
    (request, body, done) => {
      if (readsForm(request, hubPrefix)) return done(null, parseForm(body as string));
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
