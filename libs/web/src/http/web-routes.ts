import type { HubConfig } from '@orrery/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { findWebAssetDir } from '../render/asset-dirs';

const CONTENT_TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
};

async function sendFile(reply: FastifyReply, file: string): Promise<void> {
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    // a missing file is the client's 404, whatever the reason it cannot be read
    return reply.callNotFound();
  }
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  await reply.type(type).header('Cache-Control', 'public, max-age=300').send(body);
}

/** The file under `root` that `relative` names, or null if it would leave root or is hidden. */
export function staticFile(root: string, relative: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    // malformed percent-encoding names no file
    return null;
  }
  if (decoded.split('/').some((part) => part.startsWith('.'))) return null;
  const file = path.resolve(root, decoded);
  return file.startsWith(root + path.sep) ? file : null;
}

/**
 * Where a path outside the hub prefix goes (JupyterHub's AddSlashHandler and
 * PrefixRedirectHandler): `/user/<name>` and `/services/<name>` gain a slash, anything else
 * moves under the hub prefix (`/user/alice/lab` -> `/hub/user/alice/lab`, whose handler
 * starts or explains a stopped server).
 */
export function prefixRedirect(url: string, baseUrl: string, hubPrefix: string): string | null {
  const [pathPart, query] = url.split(/\?(.*)/s);
  if (!pathPart.startsWith(baseUrl) || (pathPart + '/').startsWith(hubPrefix)) return null;
  const rest = pathPart.slice(baseUrl.length);
  const search = query === undefined ? '' : `?${query}`;
  if (/^(user|services)\/[^/]+$/.test(rest)) return `${pathPart}/${search}`;
  return `${hubPrefix}${rest}${search}`;
}

/**
 * Routes outside Nest: static files and the logo (no auth, as in JupyterHub) and the
 * redirects of paths outside the hub prefix. Unknown paths under the hub prefix go on to
 * Nest's not-found handling, so the error filter renders them.
 */
export function registerWebRoutes(fastify: FastifyInstance, config: HubConfig): void {
  const baseUrl = config.JupyterHub.base_url;
  const hubPrefix = `${baseUrl}hub/`;
  const staticDir = findWebAssetDir('static');
  fastify.get(`${hubPrefix}static/*`, async (request: FastifyRequest, reply) => {
    const file = staticFile(staticDir, (request.params as { '*': string })['*']);
    return file ? sendFile(reply, file) : reply.callNotFound();
  });
  fastify.get(`${hubPrefix}logo`, async (_request, reply) =>
    sendFile(reply, config.JupyterHub.logo_file ?? path.join(staticDir, 'logo.svg')),
  );
  fastify.all(`${baseUrl}*`, async (request, reply) => {
    const target = prefixRedirect(request.url, baseUrl, hubPrefix);
    return target ? reply.redirect(target, 302) : reply.callNotFound();
  });
}
