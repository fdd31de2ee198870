import type { FastifyInstance } from 'fastify';

/**
 * PostgreSQL's text and jsonb cannot hold U+0000, so a NUL that reached a query failed it with a
 * 500 (SQLite stored it). No name, note or property of the hub needs one: requests carrying one
 * in their path, query or JSON body get a 400 before any work is done, on both databases.
 */
export const NUL_REFUSED = 'NUL characters are not allowed in requests';

export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, item]) => key.includes('\u0000') || containsNul(item));
  }
  return false;
}

/** `%00` in the request target, in any case; a raw NUL never gets past the HTTP parser. */
export function targetHasNul(url: string): boolean {
  return /%00/i.test(url);
}

export function registerNulGuard(fastify: FastifyInstance, hubPrefix: string): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!request.url.startsWith(hubPrefix) || !targetHasNul(request.url)) return done();
    if (request.url.startsWith(`${hubPrefix}api/`)) {
      reply.code(400).send({ status: 400, message: NUL_REFUSED });
    } else {
      reply.code(400).type('text/plain; charset=utf-8').send(`400 Bad Request: ${NUL_REFUSED}\n`);
    }
  });
}
