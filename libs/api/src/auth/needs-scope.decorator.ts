import { SetMetadata } from '@nestjs/common';
import type { Scope } from '@orrery/rbac';

/**
 * How a route is authorised, declared on the route and enforced by the one ScopeGuard.
 * - `scopes`: any one suffices (JupyterHub's needs_scope), filtered by the route's resource.
 * - `postFilter`: list endpoints accept any filtered variant and filter results themselves.
 * API modes (`public`, `authenticated`, `scopes`) follow JupyterHub's API handlers: a cookie
 * counts only on JSON (or body-less) requests and XSRF is checked on GET too. Page modes
 * (`page`, `public-page`) follow its page handlers: every POST carries an XSRF token.
 */
export interface RouteAuth {
  mode: 'public' | 'authenticated' | 'scopes' | 'page' | 'public-page';
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

/**
 * A page for logged-in users (login cookie, or a token). Without one, GET and HEAD are
 * redirected to `<hub_prefix>login?next=<request uri>` and other methods get 403. With scopes,
 * they are checked as NeedsScope does (any one suffices, filtered by the path's resource).
 */
export const PageAuth = (...scopes: Scope[]): MethodDecorator =>
  SetMetadata(ROUTE_AUTH, {
    mode: 'page',
    scopes: scopes.length ? scopes : undefined,
  } satisfies RouteAuth);

/** A page anyone may see (login, errors); `request.hubAuth` is set when someone is logged in. */
export const PublicPage = (): MethodDecorator =>
  SetMetadata(ROUTE_AUTH, { mode: 'public-page' } satisfies RouteAuth);
