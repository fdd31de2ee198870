import { hubOrigin, SubdomainHost } from '@orrery/core';
import type { FastifyInstance } from 'fastify';

/**
 * With `subdomain_host` the hub's proxy route is `/` on every host, so a server's host reaches the
 * hub for each path its server has no route for (`alice.hub.test/hub/login`). A hub page there
 * would share an origin with alice's content: a visitor who logged in on that host would hand
 * alice's scripts a login cookie and the XSRF token of the hub pages. So the hub answers only on
 * its own host: a GET or HEAD on a server's host goes to the same path on the hub's host,
 * anything else (and every API request) is a 403. Hosts outside the domain (the hub API's
 * `127.0.0.1:8081`, which servers use) are not servers' hosts and pass.
 */
export const SERVER_HOST_REFUSED = "The hub does not answer on a server's host";

/**
 * Whether the Host header names a host strictly under the domain (a user's or a service's);
 * `apiHost` (the host of `hub_connect_url`, where servers call the API) never is.
 */
export function isServerHost(
  sub: SubdomainHost,
  hostHeader: string | undefined,
  apiHost: string | null = null,
): boolean {
  let hostname: string;
  try {
    hostname = new URL(`http://${hostHeader ?? ''}/`).hostname.toLowerCase();
  } catch {
    return false;
  }
  return hostname.endsWith(`.${sub.domain}`) && hostname !== apiHost?.toLowerCase();
}

export function registerHubHostGuard(
  fastify: FastifyInstance,
  sub: SubdomainHost | null,
  hubPrefix: string,
  apiHost: string | null = null,
): void {
  if (!sub) return;
  fastify.addHook('onRequest', (request, reply, done) => {
    if (!isServerHost(sub, request.headers.host, apiHost)) return done();
    const api = request.url.startsWith(`${hubPrefix}api/`);
    if (!api && (request.method === 'GET' || request.method === 'HEAD')) {
      reply.redirect(`${hubOrigin(sub)}${request.url}`, 302);
      return;
    }
    reply.code(403).send({ status: 403, message: SERVER_HOST_REFUSED });
  });
}
