import { timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { ProxyLogger } from './proxy-logger';
import { type RouteData, type RouteTable, routeModel } from './route-table';
import { redactUrl } from './url-redaction';

const ROUTES_PATH = /^\/api\/routes(\/.*)?$/;
/** Route bodies are a few hundred bytes; anything this large is not a route. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * configurable-http-proxy's REST API (`/api/routes[/<path>]`), same status codes and bodies:
 * GET 200/404, POST 201, DELETE 204/404, 400 for bad JSON or a missing target, 403 for a wrong
 * `Authorization: token`, 405 for other methods, 404 for other paths. As in CHP, a POST body is
 * parsed before the token is checked, so bad JSON answers 400 even without a token.
 */
export class ChpRestApi {
  private readonly token: Buffer | undefined;

  constructor(
    private readonly routes: RouteTable,
    authToken: string | undefined,
    private readonly log: ProxyLogger,
  ) {
    this.token = authToken ? Buffer.from(authToken) : undefined;
  }

  readonly handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const match = ROUTES_PATH.exec(query === -1 ? url : url.slice(0, query));
    if (match === null) return fail(res, 404);
    let path: string | undefined;
    try {
      path = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
    } catch {
      return fail(res, 400, 'Invalid percent-encoding in route path');
    }
    res.on('finish', () =>
      this.log.debug(`${res.statusCode} ${req.method} ${redactUrl(url.split('?', 1)[0])}`),
    );
    if (req.method === 'GET') {
      if (!this.authorized(req, res)) return;
      return this.get(res, path, query === -1 ? '' : url.slice(query + 1));
    }
    if (req.method === 'DELETE') {
      if (!this.authorized(req, res)) return;
      return this.delete(res, path ?? '/');
    }
    if (req.method === 'POST')
      return this.readJson(req, res, (data) => this.post(req, res, path ?? '/', data));
    fail(res, 405, 'Method not supported');
  };

  private authorized(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    if (this.token === undefined) return true;
    const given = /token\s+(\S+)/.exec(req.headers.authorization ?? '');
    const candidate = given === null ? undefined : Buffer.from(given[1]);
    if (
      candidate !== undefined &&
      candidate.length === this.token.length &&
      timingSafeEqual(candidate, this.token)
    ) {
      return true;
    }
    this.log.debug('Rejecting API request with a missing or wrong token');
    empty(res, 403);
    return false;
  }

  private get(res: http.ServerResponse, path: string | undefined, query: string): void {
    if (path !== undefined && path !== '' && path !== '/') {
      const entry = this.routes.get(path);
      if (entry === undefined) return empty(res, 404);
      return json(res, 200, routeModel(entry));
    }
    const params = new URLSearchParams(query);
    const since = params.get('inactiveSince') || params.get('inactive_since');
    let inactiveSince: Date | undefined;
    if (since) {
      const time = Date.parse(since);
      if (!Number.isFinite(time))
        return fail(res, 400, `Invalid datestamp '${since}' must be ISO8601.`);
      inactiveSince = new Date(time);
    }
    const all: Record<string, unknown> = {};
    for (const entry of this.routes.list(inactiveSince)) all[entry.prefix] = routeModel(entry);
    json(res, 200, all);
  }

  private post(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    path: string,
    body: unknown,
  ): void {
    if (!this.authorized(req, res)) return;
    const data = (body || {}) as Record<string, unknown>;
    if (typeof data.target !== 'string') return fail(res, 400, "Must specify 'target' as string");
    try {
      const entry = this.routes.add(path, data as RouteData);
      this.log.info(`Route added ${entry.prefix} -> ${entry.target.url}`);
    } catch (error) {
      return fail(res, 400, `Invalid target: ${(error as Error).message}`);
    }
    empty(res, 201);
  }

  private delete(res: http.ServerResponse, path: string): void {
    if (!this.routes.remove(path)) return empty(res, 404);
    this.log.info(`Route removed ${path}`);
    empty(res, 204);
  }

  private readJson(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    then: (data: unknown) => void,
  ): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        fail(res, 413, 'Body too large');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      let data: unknown;
      try {
        data = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        return fail(res, 400, `Body not valid JSON: ${error}`);
      }
      then(data);
    });
  }
}

function fail(res: http.ServerResponse, code: number, message?: string): void {
  if (res.writableEnded) return;
  res.writeHead(code);
  res.end(message ?? http.STATUS_CODES[code]);
}

function empty(res: http.ServerResponse, code: number): void {
  res.writeHead(code);
  res.end();
}

function json(res: http.ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
