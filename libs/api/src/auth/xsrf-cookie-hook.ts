import type { FastifyInstance } from 'fastify';
import type { LoginSessionService } from './login-session.service';

/**
 * Pages render without their reply at hand, so a new XSRF token that a page issued goes out
 * as the cookie here, just before the response: the page's scripts and forms read it there.
 */
export function registerXsrfCookie(fastify: FastifyInstance, session: LoginSessionService): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    session.flushXsrfCookie(request, reply);
    done(null, payload);
  });
}
