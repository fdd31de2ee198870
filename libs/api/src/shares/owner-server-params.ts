import { applyDecorators } from '@nestjs/common';
import { HubError } from '@orrery/core';
import type { FastifyRequest } from 'fastify';
import { EmptyTrailingParam } from '../auth/needs-scope.decorator';

/**
 * The route plumbing `/shares/...` and `/share-codes/...` have in common: both address one
 * owner (`/shares/alice`) or one of the owner's servers (`/shares/alice/`, `/shares/alice/lab`).
 */
export const OWNER_SERVER_PATHS = [':user_name', ':user_name/:server_name'];

/**
 * A route on both paths (`@OwnerServerRoute(Get)`); a trailing slash names the owner's
 * default server (''), see EmptyTrailingParam.
 */
export function OwnerServerRoute(method: (paths: string[]) => MethodDecorator): MethodDecorator {
  return applyDecorators(method(OWNER_SERVER_PATHS), EmptyTrailingParam('server_name'));
}

/** Only listing works without a server; the rest is 405 as in JupyterHub. */
export function requireServer(server: string | undefined): string {
  if (server === undefined) throw new HubError(405);
  return server;
}

/** What both areas list: everything of an owner, or of one of the owner's servers. */
export interface OwnerServerLister {
  listByOwner(request: FastifyRequest, owner: string): Promise<object>;
  listByServer(request: FastifyRequest, owner: string, server: string): Promise<object>;
}

/** The GET of either area: by owner without a server, else by that server. */
export function listByOwnerOrServer(
  lister: OwnerServerLister,
  request: FastifyRequest,
  owner: string,
  server: string | undefined,
): Promise<object> {
  return server === undefined
    ? lister.listByOwner(request, owner)
    : lister.listByServer(request, owner, server);
}
