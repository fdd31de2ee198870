import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HubConfig, HubError } from '@orrery/core';
import { redactUrl } from '@orrery/proxy';
import { Resource, ScopeSet } from '@orrery/rbac';
import type { FastifyReply } from 'fastify';
import { AuthContext, HubRequest } from './auth-context';
import { AuthRefresh } from './auth-refresh.service';
import { KEEPS_AUTH_CACHE, MaybeKeepsAuthCache } from './auth-cache-invalidation';
import { ROUTE_AUTH, ROUTE_EMPTY_TRAILING_PARAM, RouteAuth } from './needs-scope.decorator';
import { CookieAuthService } from './cookie-auth.service';
import { LoginSessionService } from './login-session.service';
import {
  hubFrameAncestors,
  isPageNavigation,
  NAVIGATION_ONLY,
  NOT_A_NAVIGATION,
} from './page-fetch-rules';
import { ResourceGroupsService } from './resource-groups.service';
import { TokenAuthService, tokenFromHeader } from './token-auth.service';
import { isJsonOrNoContentType, needsXsrfCheck } from './xsrf-rules';

export const MISSING_CREDENTIALS = 'Missing or invalid credentials.';
export const NOT_FOUND_OR_NO_ACCESS = 'No access to resources or resources not found';

type RouteParams = Record<string, string | undefined>;

function describeResource(resource: Resource | undefined): string {
  if (!resource) return 'the hub';
  if (resource.kind === 'server') return `server ${resource.user}/${resource.server}`;
  return `${resource.kind} ${resource.name}`;
}
type RouteHandler = ReturnType<ExecutionContext['getHandler']>;

/** What a route declares, read once per handler: Reflector lookups cost on every request. */
interface RouteDeclarations {
  auth: RouteAuth | undefined;
  keepsAuthCache: boolean;
  emptyTrailingParam: string | undefined;
  navigationOnly: boolean;
}

/**
 * The one guard of the hub, API and pages: resolves the caller's credentials and enforces the
 * route's declared scopes against the resource named by the path (`user_name`, `server_name`,
 * `group_name`, `service_name`), with JupyterHub's 403/404 rules.
 */
@Injectable()
export class ScopeGuard implements CanActivate {
  private readonly logger = new Logger('auth');
  private readonly declarations = new WeakMap<RouteHandler, RouteDeclarations>();
  private readonly framable: boolean;

  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenAuthService) private readonly tokens: TokenAuthService,
    @Inject(ResourceGroupsService) private readonly resourceGroups: ResourceGroupsService,
    @Inject(CookieAuthService) private readonly cookies: CookieAuthService,
    @Inject(LoginSessionService) private readonly session: LoginSessionService,
    @Inject(AuthRefresh) private readonly refresh: AuthRefresh,
    @Inject(HubConfig) config: HubConfig,
  ) {
    this.framable = hubFrameAncestors(config).length > 0;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const route = this.declarationsOf(context.getHandler());
    const routeAuth = route.auth;
    const request = context.switchToHttp().getRequest<HubRequest>();
    if (!routeAuth) {
      this.logger.error(
        `route ${request.method} ${redactUrl(request.url)} declares no authorisation; refusing`,
      );
      throw new HubError(403, MISSING_CREDENTIALS);
    }
    if (route.navigationOnly && !isPageNavigation(request.headers, this.framable)) {
      this.logger.warn(
        `refusing ${request.method} ${request.url}: not a navigation ` +
          `(Sec-Fetch-Mode ${String(request.headers['sec-fetch-mode'])}, ` +
          `Sec-Fetch-Dest ${String(request.headers['sec-fetch-dest'])})`,
      );
      throw new HubError(403, NOT_A_NAVIGATION);
    }
    this.restoreEmptyTrailingParam(route.emptyTrailingParam, request);
    (request as MaybeKeepsAuthCache).keepsAuthCache = route.keepsAuthCache;
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const page = routeAuth.mode === 'page' || routeAuth.mode === 'public-page';
    const resolved = (await this.resolve(request, reply, page)) ?? undefined;
    request.hubAuth = resolved;
    // checked before the call: most authenticators never refresh, and this runs per request
    if (
      this.refresh.active &&
      resolved?.kind === 'user' &&
      !(await this.refresh.current(resolved))
    ) {
      // an expired login is no login; its cookie goes too, so the browser logs in again
      if (resolved.tokenId === null) this.session.clearLoginCookies(request, reply);
      request.hubAuth = undefined;
    }
    if (routeAuth.mode === 'public' || routeAuth.mode === 'public-page') return true;
    const auth = request.hubAuth;
    if (!auth)
      throw routeAuth.mode === 'page'
        ? this.loginRedirect(request)
        : new HubError(403, MISSING_CREDENTIALS);
    if (routeAuth.mode === 'authenticated' || !routeAuth.scopes) return true;
    const scopes = routeAuth.scopes;
    if (routeAuth.postFilter) {
      if (scopes.some((scope) => auth.scopes.hasAnyFilter(scope))) return true;
      this.logDenial(request, auth, scopes, undefined);
      throw this.forbidden(scopes);
    }
    const resource = await this.resourceOf(request.params as RouteParams, auth.scopes, scopes);
    const result = auth.scopes.check(scopes, resource);
    if (result === 'allowed') return true;
    this.logDenial(request, auth, scopes, resource);
    if (result === 'not-found') throw new HubError(404, NOT_FOUND_OR_NO_ACCESS);
    throw this.forbidden(scopes);
  }

  /**
   * As JupyterHub's needs_scope does, so an admin can tell why a call was refused: the path
   * without its query (which may carry a token), the scopes needed and the resource.
   */
  private logDenial(
    request: HubRequest,
    auth: AuthContext,
    scopes: readonly string[],
    resource: Resource | undefined,
  ): void {
    const path = redactUrl(request.url.split('?')[0]);
    this.logger.warn(
      `not authorising ${request.method} ${path} for ${auth.kind} ${auth.name}: ` +
        `requires any of [${scopes.join(', ')}] on ${describeResource(resource)}`,
    );
  }

  /**
   * JupyterHub's order: an API token first, then the login cookie, with the XSRF rules of the
   * route's kind (see RouteAuth). Public routes resolve the caller too: some authorise inside.
   */
  private async resolve(
    request: HubRequest,
    reply: FastifyReply,
    page: boolean,
  ): Promise<AuthContext | null> {
    const token = tokenFromHeader(request.headers.authorization);
    const byToken = token ? await this.tokens.authenticate(token) : null;
    if (byToken) return byToken;
    // a cross-site form can POST to the API with the browser's cookie, but not as JSON
    if (!page && request.method === 'POST' && !isJsonOrNoContentType(request)) return null;
    const byCookie = await this.cookies.authenticate(request, reply);
    // pages check every unsafe request, logged in or not (the login form too)
    if (page ? needsXsrfCheck(request, false) : byCookie && needsXsrfCheck(request, true)) {
      this.session.checkXsrf(request);
    }
    return byCookie;
  }

  private loginRedirect(request: HubRequest): HubError {
    const method = request.method.toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return new HubError(403);
    const next = encodeURIComponent(request.url);
    return new HubError(302, null, { Location: `${this.session.hubPrefix}login?next=${next}` });
  }

  private declarationsOf(handler: RouteHandler): RouteDeclarations {
    let declarations = this.declarations.get(handler);
    if (!declarations) {
      const read = <T>(key: symbol) => this.reflector.get<T | undefined>(key, handler);
      declarations = {
        auth: read<RouteAuth>(ROUTE_AUTH),
        keepsAuthCache: read<boolean>(KEEPS_AUTH_CACHE) === true,
        emptyTrailingParam: read<string>(ROUTE_EMPTY_TRAILING_PARAM),
        navigationOnly: read<boolean>(NAVIGATION_ONLY) === true,
      };
      this.declarations.set(handler, declarations);
    }
    return declarations;
  }

  /** See EmptyTrailingParam: `/shares/alice/` names alice's default server (''). */
  private restoreEmptyTrailingParam(name: string | undefined, request: HubRequest): void {
    if (name === undefined) return;
    const params = request.params as RouteParams;
    if (params[name] === undefined && request.url.split('?')[0].endsWith('/')) params[name] = '';
  }

  /** JupyterHub logs each denial at warn with the path (redacted: it may hold a token). */
  private forbidden(scopes: readonly string[]): HubError {
    return new HubError(
      403,
      `Action is not authorized with current scopes; requires any of [${scopes.join(', ')}]`,
    );
  }

  /** The resource the path names; a user's groups are loaded only if a group filter could match. */
  private async resourceOf(
    params: RouteParams,
    held: ScopeSet,
    needed: readonly string[],
  ): Promise<Resource | undefined> {
    if (params.group_name !== undefined) return { kind: 'group', name: params.group_name };
    if (params.service_name !== undefined) return { kind: 'service', name: params.service_name };
    const user = params.user_name;
    if (user === undefined) return undefined;
    const needsGroups = needed.some((scope) => {
      const filters = held.filters(scope);
      return filters !== null && filters !== 'all' && filters.group.size > 0;
    });
    const groups = needsGroups ? await this.resourceGroups.groupsOf(user) : undefined;
    if (params.server_name !== undefined) {
      return { kind: 'server', user, server: params.server_name, groups };
    }
    return { kind: 'user', name: user, groups };
  }
}
