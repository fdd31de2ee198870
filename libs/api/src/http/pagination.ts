import { HubConfig, HubError } from '@orrery/core';
import type { FastifyRequest } from 'fastify';

export const PAGINATION_MEDIA_TYPE = 'application/jupyterhub-pagination+json';

export interface PageRequest {
  offset: number;
  limit: number;
  /** the client asked for the paginated shape */
  paginated: boolean;
}

export interface PageLimits {
  defaultLimit: number;
  maxLimit: number;
}

/** The hub's configured page sizes (`c.JupyterHub.api_page_default_limit` / `_max_limit`). */
export function pageLimits(config: HubConfig): PageLimits {
  const { api_page_default_limit: defaultLimit, api_page_max_limit: maxLimit } = config.JupyterHub;
  return { defaultLimit, maxLimit };
}

function wantsPagination(accept: string | undefined): boolean {
  return (accept ?? '')
    .split(',')
    .some((item) => item.trim().toLowerCase() === PAGINATION_MEDIA_TYPE);
}

function readInt(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[+-]?\d+$/.test(value.trim())) {
    throw new HubError(400, 'Invalid argument type, offset and limit must be integers');
  }
  // Python's ints have no bound; the database's do: past about 2^53 every page is empty anyway
  return Math.min(Math.abs(parseInt(value, 10)), Number.MAX_SAFE_INTEGER);
}

/**
 * JupyterHub's rules: offset/limit are |int|; without the pagination Accept header the
 * default limit is the maximum and the body is a bare list; with it, the configured default.
 */
export function pageRequest(
  request: FastifyRequest,
  limits: PageLimits,
  alwaysPaginated = false,
): PageRequest {
  const query = request.query as Record<string, unknown>;
  const paginated = alwaysPaginated || wantsPagination(request.headers.accept);
  const offset = readInt(query.offset) ?? 0;
  const requested = readInt(query.limit) ?? (paginated ? limits.defaultLimit : limits.maxLimit);
  const limit = Math.min(Math.max(requested, 1), limits.maxLimit);
  return { offset, limit, paginated };
}

/** The request's own URL with offset/limit replaced, as the hub saw it (Host and protocol). */
function nextUrl(request: FastifyRequest, offset: number, limit: number): string {
  const forwardedProto = (request.headers['x-forwarded-proto'] as string | undefined)
    ?.split(',')[0]
    .trim();
  const proto = forwardedProto || request.protocol;
  const url = new URL(request.url, `${proto}://${request.headers.host ?? 'localhost'}`);
  url.searchParams.set('offset', String(offset));
  url.searchParams.set('limit', String(limit));
  return url.toString();
}

/** The page as JupyterHub shapes it; `items` is a list, or a dict for `/proxy`. */
export function paginate<T>(
  request: FastifyRequest,
  page: PageRequest,
  items: T,
  total: number,
): T | object {
  if (!page.paginated) return items;
  const nextOffset = page.offset + page.limit;
  return {
    items,
    _pagination: {
      offset: page.offset,
      limit: page.limit,
      total,
      next:
        nextOffset < total
          ? { offset: nextOffset, limit: page.limit, url: nextUrl(request, nextOffset, page.limit) }
          : null,
    },
  };
}
