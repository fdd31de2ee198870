import type { FastifyInstance, FastifyReply } from 'fastify';

export interface HubHeaderOptions {
  /** JupyterHub version reported to servers and clients (must be PEP 440) */
  version: string;
  hubPrefix: string;
  /**
   * Origins that may show the hub's pages in a frame (an LMS for LTI launches); none: no one
   * may frame them.
   */
  frameAncestors?: readonly string[];
}

/**
 * Headers JupyterHub sends on every response, errors included: its version (single-user
 * servers and the idle culler parse it), CORS header list, and the CSP (API: no content at all);
 * and the API's answer to `OPTIONS`.
 */
export function registerHubHeaders(fastify: FastifyInstance, options: HubHeaderOptions): void {
  const ancestors = options.frameAncestors?.length
    ? `'self' ${options.frameAncestors.join(' ')}`
    : "'none'";
  const pageCsp = `frame-ancestors ${ancestors}; report-uri ${options.hubPrefix}security/csp-report`;
  const apiCsp = `${pageCsp}; default-src 'none'`;
  const apiPrefix = `${options.hubPrefix}api`;
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-JupyterHub-Version', options.version);
    reply.header('Access-Control-Allow-Headers', 'accept, content-type, authorization');
    reply.header('Content-Security-Policy', request.url.startsWith(apiPrefix) ? apiCsp : pageCsp);
    done();
  });
  // JupyterHub's APIHandler.options: no authentication, an empty 200 carrying the headers above
  const preflight = (_request: unknown, reply: FastifyReply) => void reply.status(200).send();
  fastify.options(apiPrefix, preflight);
  fastify.options(`${apiPrefix}/*`, preflight);
}
