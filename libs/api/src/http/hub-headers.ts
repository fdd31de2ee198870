import type { FastifyInstance, FastifyReply } from 'fastify';

export interface HubHeaderOptions {
  /** JupyterHub version reported to servers and clients (must be PEP 440) */
  version: string;
  hubPrefix: string;
  /**
   * Origins that may show the hub's pages in a frame (an LMS for LTI launches); none: no one
   * may frame them. Never the hub's own origin: user servers live there without subdomain_host.
   */
  frameAncestors?: readonly string[];
}

/**
 * Headers JupyterHub sends on every response, errors included: its version (single-user
 * servers and the idle culler parse it), CORS header list, and the CSP (API: no content at all);
 * and the API's answer to `OPTIONS`.
 * Deviation: JupyterHub's frame-ancestors is `'self'`, which lets a page of a user's server (the
 * hub's origin without subdomain_host) frame the hub's pages and read them; Orrery names only
 * the configured LMS origins, sends X-Frame-Options DENY when there are none, and puts its
 * pages in their own browsing context group (COOP), so a window a user's page opens on the hub
 * cannot be reached through `window.open`'s handle.
 * The OAuth confirmation page lives under the API's path but is a page (as JupyterHub's
 * OAuthAuthorizeHandler is): it gets the pages' headers, so its own stylesheet loads.
 */
export function registerHubHeaders(fastify: FastifyInstance, options: HubHeaderOptions): void {
  const framers = options.frameAncestors ?? [];
  const framable = framers.length > 0;
  const ancestors = framable ? framers.join(' ') : "'none'";
  const pageCsp = `frame-ancestors ${ancestors}; report-uri ${options.hubPrefix}security/csp-report`;
  const apiCsp = `${pageCsp}; default-src 'none'`;
  const apiPrefix = `${options.hubPrefix}api`;
  const authorizePage = `${apiPrefix}/oauth2/authorize`;
  // on every request: only a URL under the authorize page is split to compare its path
  const isApi = (url: string) => {
    if (!url.startsWith(apiPrefix)) return false;
    if (!url.startsWith(authorizePage)) return true;
    const path = url.split('?')[0];
    return path !== authorizePage && path !== `${authorizePage}/`;
  };
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-JupyterHub-Version', options.version);
    reply.header('Access-Control-Allow-Headers', 'accept, content-type, authorization');
    const api = isApi(request.url);
    reply.header('Content-Security-Policy', api ? apiCsp : pageCsp);
    if (!framable) reply.header('X-Frame-Options', 'DENY');
    if (!api) reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    done();
  });
  // JupyterHub's APIHandler.options: no authentication, an empty 200 carrying the headers above
  const preflight = (_request: unknown, reply: FastifyReply) => void reply.status(200).send();
  fastify.options(apiPrefix, preflight);
  fastify.options(`${apiPrefix}/*`, preflight);
}
