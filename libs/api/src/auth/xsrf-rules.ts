import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

const READ_ONLY = new Set(['GET', 'HEAD', 'OPTIONS']);

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Whether a cookie-authenticated request must carry an XSRF token (JupyterHub's
 * _needs_check_xsrf): not for websockets, plain navigations and same-origin no-cors reads
 * (images), which a foreign page cannot read the answer of. Pages never check GET, HEAD and
 * OPTIONS; API routes check GET too (a script's fetch()), only HEAD and OPTIONS are exempt.
 */
export function needsXsrfCheck(request: FastifyRequest, api: boolean): boolean {
  const method = request.method.toUpperCase();
  if (api ? method === 'HEAD' || method === 'OPTIONS' : READ_ONLY.has(method)) return false;
  const mode = header(request, 'sec-fetch-mode') ?? 'unspecified';
  const site = header(request, 'sec-fetch-site') ?? 'unspecified';
  const readOnly = READ_ONLY.has(method);
  if (mode === 'websocket') return false;
  if ((mode === 'navigate' || mode === 'unspecified') && readOnly) return false;
  return !(mode === 'no-cors' && site === 'same-origin' && readOnly);
}

/** The token the request offers: `_xsrf` in the query or form body, or either header. */
export function offeredXsrfToken(request: FastifyRequest): string | undefined {
  const query = request.query as Record<string, unknown> | undefined;
  const body = request.body as Record<string, unknown> | undefined;
  const fromQuery = query?._xsrf;
  const fromBody =
    body && typeof body === 'object' && !Array.isArray(body) ? body._xsrf : undefined;
  for (const value of [fromQuery, fromBody]) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' && first) return first;
  }
  return header(request, 'x-xsrftoken') || header(request, 'x-csrftoken') || undefined;
}

/**
 * Before login there is no user to bind the token to: JupyterHub hashes the client address
 * and User-Agent, so a token cannot be carried to another browser. Short-lived by design.
 */
export function anonymousXsrfId(request: FastifyRequest): string {
  return createHash('sha256')
    .update(request.ip)
    .update('\xff')
    .update(header(request, 'user-agent') ?? '')
    .digest('base64url');
}

/** JSON or no content type: a cross-site HTML form cannot send these to the API. */
export function isJsonOrNoContentType(request: FastifyRequest): boolean {
  const type = header(request, 'content-type');
  if (!type) return true;
  return type
    .toLowerCase()
    .split(';')
    .some((field) => field.trimStart().startsWith('application/json'));
}
