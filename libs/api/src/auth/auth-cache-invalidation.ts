import { SetMetadata } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthCache } from './auth-cache';

export const KEEPS_AUTH_CACHE = Symbol('orrery:keeps-auth-cache');

/**
 * Marks a mutating route that cannot change tokens or scopes (e.g. activity reports): its
 * requests keep the resolved credentials and only mark cached models stale.
 */
export const KeepsAuthCache = (): MethodDecorator => SetMetadata(KEEPS_AUTH_CACHE, true);

/** Set by the ScopeGuard from the route's KeepsAuthCache marker. */
export type MaybeKeepsAuthCache = FastifyRequest & { keepsAuthCache?: boolean };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every mutating API request may revoke a token or change someone's scopes, so it empties
 * the auth cache before its response goes out: the next request sees the change. A Fastify
 * hook rather than a Nest interceptor, which costs a tenth of the hub's time per request.
 */
export function registerAuthCacheInvalidation(fastify: FastifyInstance, cache: AuthCache): void {
  fastify.addHook('onSend', (request: MaybeKeepsAuthCache, _reply, payload, done) => {
    if (!SAFE_METHODS.has(request.method)) {
      if (request.keepsAuthCache) cache.modelsChanged();
      else cache.invalidate();
    }
    done(null, payload);
  });
}
