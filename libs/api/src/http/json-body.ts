import { HubError } from '@orrery/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { containsNul, NUL_REFUSED, registerNulGuard } from './nul-characters';

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
  registerLingeringClose(fastify);
  registerNulGuard(fastify, hubPrefix);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    '*',
    { parseAs: 'string', bodyLimit: API_BODY_LIMIT },
    (request, body, done) => {
      if (readsForm(request, hubPrefix)) return done(null, parseForm(body as string));
      const text = (body as string).trim();
      if (text === '') return done(null, undefined);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        return done(new HubError(400, INVALID_JSON), undefined);
      }
      // a NUL can only be there as the escape (JSON forbids the raw character): walk only then
      if (text.includes('\\u0000') && containsNul(parsed))
        return done(new HubError(400, NUL_REFUSED), undefined);
      done(null, parsed);
    },
  );
}

/** How long the rest of a body over the limit is read and dropped before the socket is closed. */
export const LINGER_MS = 10_000;

/**
 * Fastify answers a body over the limit with 413 and `Connection: close` while the client is
 * still sending: the kernel then resets the connection over the unread bytes, and the proxy in
 * front, whose next write fails, lost the 413 and answered 503. Kept open, node:http reads and
 * drops the rest, so the 413 gets through; a body that keeps coming past LINGER_MS is cut off.
 */
function registerLingeringClose(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode === 413 && !request.raw.complete) {
      reply.removeHeader('connection');
      const socket = request.raw.socket;
      const timer = setTimeout(() => socket.destroy(), LINGER_MS);
      timer.unref();
      request.raw.once('end', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    }
    done(null, payload);
  });
}
