import { SetMetadata } from '@nestjs/common';
import type { Scope } from '@orrery/rbac';

/**
 * How a route is authorised, declared on the route and enforced by the one ScopeGuard.
 * - `scopes`: any one suffices (JupyterHub's needs_scope), filtered by the route's resource.
 * - `postFilter`: list endpoints accept any filtered variant and filter results themselves.
 */
export interface RouteAuth {
  mode: 'public' | 'authenticated' | 'scopes';
  scopes?: readonly Scope[];
  postFilter?: boolean;
}

export const ROUTE_AUTH = Symbol('orrery:route-auth');

export const NeedsScope = (...scopes: Scope[]): MethodDecorator =>
  SetMetadata(ROUTE_AUTH, { mode: 'scopes', scopes } satisfies RouteAuth);

/** List endpoints: any variant of the scope passes; the handler filters what it returns. */
export const NeedsScopeFiltered = (...scopes: Scope[]): MethodDecorator =>
  SetMetadata(ROUTE_AUTH, { mode: 'scopes', scopes, postFilter: true } satisfies RouteAuth);

/** Any valid credential, no scope (e.g. `GET /hub/api/user`). */
export const Authenticated = (): MethodDecorator =>
  SetMetadata(ROUTE_AUTH, { mode: 'authenticated' } satisfies RouteAuth);

/** No credential needed (`GET /hub/api/`). */
export const Public = (): MethodDecorator =>
  SetMetadata(ROUTE_AUTH, { mode: 'public' } satisfies RouteAuth);

export const ROUTE_EMPTY_TRAILING_PARAM = Symbol('orrery:empty-trailing-param');

/**
 * For JupyterHub routes whose last segment may be empty (`/shares/alice/` is alice's default
 * server): the router trims a trailing slash, so such a route is also declared without that
 * param, and when the request path ends in '/' the guard sets the param to '' before it
 * authorises (so the resource is the server) and before the handler reads it.
 */
export const EmptyTrailingParam = (name: string): MethodDecorator =>
  SetMetadata(ROUTE_EMPTY_TRAILING_PARAM, name);
