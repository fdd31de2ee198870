import type { FastifyReply, FastifyRequest } from 'fastify';

/** JupyterHub's cookie names (constant, never configurable). */
export const LOGIN_COOKIE = 'jupyterhub-hub-login';
export const SESSION_COOKIE = 'jupyterhub-session-id';
export const XSRF_COOKIE = '_xsrf';

/** tornado's default browser expiry of signed cookies; validity is cookie_max_age_days. */
export const LOGIN_COOKIE_BROWSER_DAYS = 30;

function firstItem(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.split(',')[0].trim().toLowerCase() || undefined;
}

/**
 * The protocol the browser used (JupyterHub's get_browser_protocol): the outermost proxy's
 * word wins, `Forwarded: proto=` first, then X-Scheme / X-Forwarded-Proto, then the socket.
 */
export function browserProtocol(request: FastifyRequest): string {
  const forwarded = firstItem(request.headers.forwarded);
  const proto = forwarded && /(?:^|;)\s*proto=([a-z]+)/.exec(forwarded);
  if (proto) return proto[1];
  return (
    firstItem(request.headers['x-scheme']) ??
    firstItem(request.headers['x-forwarded-proto']) ??
    request.protocol
  );
}

/** Adds a Set-Cookie header without dropping ones already set on this reply. */
export function appendSetCookie(reply: FastifyReply, cookie: string): void {
  const current = reply.getHeader('set-cookie');
  const list = current === undefined ? [] : Array.isArray(current) ? current : [String(current)];
  reply.removeHeader('set-cookie');
  reply.header('set-cookie', [...list, cookie]);
}
