import { ModelGeneration } from '@orrery/core';
import type { FastifyInstance } from 'fastify';
import { AuthCache } from './auth-cache';
import { registerAuthCacheInvalidation } from './auth-cache-invalidation';

type OnSend = (
  request: { method: string; keepsAuthCache?: boolean },
  reply: unknown,
  payload: unknown,
  done: (error: null, payload: unknown) => void,
) => void;

/** The onSend hook over a real AuthCache: what each request leaves of the credentials. */
function setup() {
  const models = new ModelGeneration();
  const cache = new AuthCache(models);
  const hooks: [string, OnSend][] = [];
  const fastify = { addHook: (name: string, hook: OnSend) => hooks.push([name, hook]) };
  registerAuthCacheInvalidation(fastify as unknown as FastifyInstance, cache);
  const send = (method: string, keepsAuthCache?: boolean) => {
    const done = jest.fn();
    for (const [, hook] of hooks) hook({ method, keepsAuthCache }, {}, 'body', done);
    expect(done).toHaveBeenCalledWith(null, 'body');
  };
  return { hooks, send, models };
}

describe('registerAuthCacheInvalidation', () => {
  it('hooks onSend, before the response leaves', () => {
    expect(setup().hooks.map(([name]) => name)).toEqual(['onSend']);
  });

  it.each(['GET', 'HEAD', 'OPTIONS'])('keeps credentials and models on %s', (method) => {
    const { send, models } = setup();
    send(method);
    expect([models.credentialCount, models.current]).toEqual([0, 0]);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('empties the credentials on %s', (method) => {
    const { send, models } = setup();
    send(method);
    expect([models.credentialCount, models.current]).toEqual([1, 1]);
  });

  it('only marks models stale on a route that keeps the credentials', () => {
    const { send, models } = setup();
    send('POST', true);
    expect([models.credentialCount, models.current]).toEqual([0, 1]);
  });
});
