import type { FastifyInstance } from 'fastify';

export interface HubHeaderOptions {
  /** JupyterHub version reported to servers and clients (must be PEP 440) */
  version: string;
  hubPrefix: string;
}

/**
 * Headers JupyterHub sends on every response, errors included: its version (single-user
 * servers and the idle culler parse it), CORS header list, and the CSP (API: no content at all).
 */
export function registerHubHeaders(fastify: FastifyInstance, options: HubHeaderOptions): void {
  const pageCsp = `frame-ancestors 'none'; report-uri ${options.hubPrefix}security/csp-report`;
  const apiCsp = `${pageCsp}; default-src 'none'`;
  const apiPrefix = `${options.hubPrefix}api`;
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-JupyterHub-Version', options.version);
    reply.header('Access-Control-Allow-Headers', 'accept, content-type, authorization');
    reply.header('Content-Security-Policy', request.url.startsWith(apiPrefix) ? apiCsp : pageCsp);
    done();
  });
}
