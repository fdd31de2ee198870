import { ExecutionContext, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HubConfig, HubError } from '@orrery/core';
import { ScopeSet } from '@orrery/rbac';
import type { AuthContext } from './auth-context';
import { KeepsAuthCache } from './auth-cache-invalidation';
import type { AuthRefresh } from './auth-refresh.service';
import type { CookieAuthService } from './cookie-auth.service';
import type { LoginSessionService } from './login-session.service';
import {
  Authenticated,
  EmptyTrailingParam,
  NeedsScope,
  NeedsScopeFiltered,
  PageAuth,
  Public,
  PublicPage,
} from './needs-scope.decorator';
import { NavigationOnly, NOT_A_NAVIGATION } from './page-fetch-rules';
import type { ResourceGroupsService } from './resource-groups.service';
import { MISSING_CREDENTIALS, NOT_FOUND_OR_NO_ACCESS, ScopeGuard } from './scope.guard';
import type { TokenAuthService } from './token-auth.service';

/** The guard's credential resolution, refresh, page rules and path resources (see scope.guard.spec.ts for the modes). */
class Routes {
  @Public() open() {}
  @PublicPage() loginPage() {}
  @Authenticated() anyCaller() {}
  @Authenticated() @KeepsAuthCache() activity() {}
  @PageAuth() page() {}
  @PageAuth() @NavigationOnly() spawnPage() {}
  @NeedsScope('read:services') readService() {}
  @NeedsScope('read:users') readUser() {}
  @NeedsScope('start:servers', 'delete:servers') startOrDelete() {}
  @NeedsScope('read:servers') @EmptyTrailingParam('server_name') sharedServer() {}
  @NeedsScopeFiltered('list:users', 'list:groups') listEither() {}
}
type Route = keyof Routes;

function caller(scopes: string[], extra: Partial<AuthContext> = {}): AuthContext {
  return {
    kind: 'user',
    id: 2,
    name: 'bob',
    admin: false,
    tokenId: 5,
    sessionId: null,
    scopes: new ScopeSet(scopes),
    ...extra,
  };
}

const BY_COOKIE = caller(['read:users', 'read:servers'], { tokenId: null, sessionId: 's' });

interface Call {
  route: Route;
  token?: AuthContext | null;
  cookie?: AuthContext | null;
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  params?: Record<string, string>;
}

function setup(options: { config?: HubConfig; refreshActive?: boolean; fresh?: boolean } = {}) {
  const tokens = { authenticate: jest.fn(async (): Promise<AuthContext | null> => null) };
  const groups = { groupsOf: jest.fn(async (user: string) => (user === 'alice' ? ['staff'] : [])) };
  const cookies = { authenticate: jest.fn(async (): Promise<AuthContext | null> => null) };
  const session = {
    hubPrefix: '/hub/',
    checkXsrf: jest.fn(),
    clearLoginCookies: jest.fn(),
  };
  const refresh = {
    active: options.refreshActive ?? false,
    current: jest.fn(async () => options.fresh ?? true),
  };
  const reflector = new Reflector();
  const guard = new ScopeGuard(
    reflector,
    tokens as unknown as TokenAuthService,
    groups as unknown as ResourceGroupsService,
    cookies as unknown as CookieAuthService,
    session as unknown as LoginSessionService,
    refresh as unknown as AuthRefresh,
    options.config ?? new HubConfig(),
  );
  const run = async (call: Call) => {
    if (call.token !== undefined) tokens.authenticate.mockResolvedValueOnce(call.token);
    if (call.cookie !== undefined) cookies.authenticate.mockResolvedValueOnce(call.cookie);
    const headers: Record<string, string> = { ...call.headers };
    if (call.token !== undefined) headers.authorization = 'token t';
    const request = {
      method: call.method ?? 'GET',
      url: call.url ?? '/hub/x',
      headers,
      params: { ...call.params },
    } as Record<string, unknown>;
    const context = {
      getHandler: () => Routes.prototype[call.route],
      getClass: () => Routes,
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
    } as unknown as ExecutionContext;
    const outcome = await guard.canActivate(context).then(
      (allowed) => ({ allowed, error: undefined }),
      (error: HubError) => ({ allowed: false, error }),
    );
    return { ...outcome, request };
  };
  return { run, tokens, cookies, session, refresh, reflector };
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const FETCH = { 'sec-fetch-mode': 'cors', 'sec-fetch-site': 'same-origin' };

describe('ScopeGuard credentials', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it("answers with JupyterHub's messages", () => {
    expect(MISSING_CREDENTIALS).toBe('Missing or invalid credentials.');
    expect(NOT_FOUND_OR_NO_ACCESS).toBe('No access to resources or resources not found');
  });

  describe('resolution', () => {
    it('takes a valid token over the login cookie', async () => {
      const { run, cookies } = setup();
      const token = caller([]);
      const { allowed, request } = await run({ route: 'anyCaller', token, cookie: BY_COOKIE });
      expect(allowed).toBe(true);
      expect(request.hubAuth).toBe(token);
      expect(cookies.authenticate).not.toHaveBeenCalled();
    });

    it('falls back to the login cookie when the token is invalid or absent', async () => {
      const { run } = setup();
      expect(
        (await run({ route: 'anyCaller', token: null, cookie: BY_COOKIE })).request.hubAuth,
      ).toBe(BY_COOKIE);
      expect((await run({ route: 'anyCaller', cookie: BY_COOKIE })).request.hubAuth).toBe(
        BY_COOKIE,
      );
    });

    it('ignores the cookie of an API POST a cross-site form could send', async () => {
      const { run, cookies } = setup();
      const { error } = await run({
        route: 'anyCaller',
        method: 'POST',
        headers: FORM,
        cookie: BY_COOKIE,
      });
      expect([error?.status, error?.hubMessage]).toEqual([403, MISSING_CREDENTIALS]);
      expect(cookies.authenticate).not.toHaveBeenCalled();
    });

    it.each([
      ['a JSON POST to the API', 'anyCaller', 'POST', { 'content-type': 'application/json' }],
      ['a form PUT to the API', 'anyCaller', 'PUT', FORM],
      ['a form POST to a page', 'page', 'POST', FORM],
    ] as const)('takes the cookie of %s', async (_name, route, method, headers) => {
      const { run } = setup();
      const { request } = await run({ route, method, headers, cookie: BY_COOKIE });
      expect(request.hubAuth).toBe(BY_COOKIE);
    });
  });

  describe('XSRF', () => {
    it.each<[string, Call, boolean]>([
      [
        'an API fetch() with the cookie',
        { route: 'anyCaller', headers: FETCH, cookie: BY_COOKIE },
        true,
      ],
      ['an API navigation with the cookie', { route: 'anyCaller', cookie: BY_COOKIE }, false],
      ['an API fetch() without a login', { route: 'open', headers: FETCH, cookie: null }, false],
      [
        'an API fetch() with a token',
        { route: 'anyCaller', headers: FETCH, token: caller([]) },
        false,
      ],
      [
        'a page POST without a login (the login form)',
        { route: 'loginPage', method: 'POST' },
        true,
      ],
      [
        'a page POST of a logged-in user',
        { route: 'page', method: 'POST', cookie: BY_COOKIE },
        true,
      ],
      [
        'a page fetch() with the cookie',
        { route: 'page', headers: FETCH, cookie: BY_COOKIE },
        false,
      ],
    ])('checks %s: %s', async (_name, call, checked) => {
      const { run, session } = setup();
      await run(call);
      expect(session.checkXsrf).toHaveBeenCalledTimes(checked ? 1 : 0);
    });

    it('refuses what the XSRF check refuses', async () => {
      const { run, session } = setup();
      session.checkXsrf.mockImplementation(() => {
        throw new HubError(403, 'XSRF cookie does not match POST argument');
      });
      const { error } = await run({ route: 'page', method: 'POST', cookie: BY_COOKIE });
      expect(error?.status).toBe(403);
    });
  });

  describe('auth refresh', () => {
    it('logs out an expired cookie login: cookies cleared, page sent to login', async () => {
      const { run, session, refresh } = setup({ refreshActive: true, fresh: false });
      const { error, request } = await run({ route: 'page', cookie: BY_COOKIE });
      expect(refresh.current).toHaveBeenCalledWith(BY_COOKIE);
      expect(session.clearLoginCookies).toHaveBeenCalledTimes(1);
      expect(request.hubAuth).toBeUndefined();
      expect(error?.status).toBe(302);
    });

    it("refuses an expired user's token without touching cookies", async () => {
      const { run, session } = setup({ refreshActive: true, fresh: false });
      const { error } = await run({ route: 'anyCaller', token: caller([]) });
      expect(session.clearLoginCookies).not.toHaveBeenCalled();
      expect([error?.status, error?.hubMessage]).toEqual([403, MISSING_CREDENTIALS]);
    });

    it('lets a caller without credentials reach a public route', async () => {
      const { run, refresh } = setup({ refreshActive: true, fresh: false });
      expect((await run({ route: 'open' })).allowed).toBe(true);
      expect(refresh.current).not.toHaveBeenCalled();
    });

    it('keeps a fresh login', async () => {
      const { run } = setup({ refreshActive: true, fresh: true });
      expect((await run({ route: 'anyCaller', cookie: BY_COOKIE })).allowed).toBe(true);
    });

    it('never refreshes services, nor anyone when the authenticator does not refresh', async () => {
      const service = setup({ refreshActive: true, fresh: false });
      const svc = caller([], { kind: 'service', name: 'cull' });
      expect((await service.run({ route: 'anyCaller', token: svc })).allowed).toBe(true);
      expect(service.refresh.current).not.toHaveBeenCalled();
      const inactive = setup({ refreshActive: false, fresh: false });
      expect((await inactive.run({ route: 'anyCaller', cookie: BY_COOKIE })).allowed).toBe(true);
      expect(inactive.refresh.current).not.toHaveBeenCalled();
    });
  });

  describe('pages', () => {
    it('lets anyone see a public page, and tells it who is logged in', async () => {
      const { run } = setup();
      expect((await run({ route: 'loginPage' })).allowed).toBe(true);
      expect((await run({ route: 'loginPage', cookie: BY_COOKIE })).request.hubAuth).toBe(
        BY_COOKIE,
      );
    });

    it.each([
      ['HEAD', 302],
      ['head', 302],
      ['PUT', 403],
    ])('answers a %s of a page without login with %d', async (method, status) => {
      const { error } = await setup().run({ route: 'page', method, url: '/hub/home' });
      expect(error?.status).toBe(status);
    });

    it('refuses a fetch() of a navigation-only page, and says why', async () => {
      const { error } = await setup().run({
        route: 'spawnPage',
        url: '/hub/spawn/bob',
        cookie: BY_COOKIE,
        headers: { 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' },
      });
      expect([error?.status, error?.hubMessage]).toEqual([403, NOT_A_NAVIGATION]);
      expect(warn).toHaveBeenCalledWith(
        'refusing GET /hub/spawn/bob: not a navigation (Sec-Fetch-Mode cors, Sec-Fetch-Dest empty)',
      );
    });

    it('answers a navigation of a navigation-only page, and a fetch() of other pages', async () => {
      const { run } = setup();
      const navigate = { 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
      const fetched = { 'sec-fetch-mode': 'cors', 'sec-fetch-dest': 'empty' };
      expect(
        (await run({ route: 'spawnPage', headers: navigate, cookie: BY_COOKIE })).allowed,
      ).toBe(true);
      expect((await run({ route: 'page', headers: fetched, cookie: BY_COOKIE })).allowed).toBe(
        true,
      );
    });

    it("answers a cross-site frame only when the authenticator's LMS may frame the hub", async () => {
      const framed = {
        'sec-fetch-mode': 'navigate',
        'sec-fetch-dest': 'iframe',
        'sec-fetch-site': 'cross-site',
      };
      const config = new HubConfig();
      config.JupyterHub.authenticator_class = 'lti11';
      config.LTI11Authenticator.frame_ancestors = ['https://lms.example'];
      const lms = setup({ config });
      expect(
        (await lms.run({ route: 'spawnPage', headers: framed, cookie: BY_COOKIE })).allowed,
      ).toBe(true);
      const plain = setup();
      const { error } = await plain.run({ route: 'spawnPage', headers: framed, cookie: BY_COOKIE });
      expect(error?.hubMessage).toBe(NOT_A_NAVIGATION);
    });
  });

  describe('route markers', () => {
    it('tells the cache invalidation which routes keep credentials', async () => {
      const { run } = setup();
      const marked = await run({ route: 'activity', method: 'POST', token: caller([]) });
      const plain = await run({ route: 'anyCaller', method: 'POST', token: caller([]) });
      expect(marked.request.keepsAuthCache).toBe(true);
      expect(plain.request.keepsAuthCache).toBe(false);
    });

    it("reads a route's declarations once", async () => {
      const { run, reflector } = setup();
      const get = jest.spyOn(reflector, 'get');
      await run({ route: 'open' });
      const reads = get.mock.calls.length;
      await run({ route: 'open' });
      expect(reads).toBeGreaterThan(0);
      expect(get).toHaveBeenCalledTimes(reads);
    });

    it.each<[string, string, Record<string, string>, string | undefined, number | undefined]>([
      [
        "names the default server for a path ending in '/'",
        '/hub/api/shares/alice/',
        {},
        '',
        undefined,
      ],
      [
        'keeps a server named in the path',
        '/hub/api/shares/alice/nb/',
        { server_name: 'nb' },
        'nb',
        404,
      ],
      [
        "names the user when the path has no trailing '/'",
        '/hub/api/shares/alice',
        {},
        undefined,
        404,
      ],
      [
        "looks at the path, not a query ending in '/'",
        '/hub/api/shares/alice?next=/',
        {},
        undefined,
        404,
      ],
    ])('%s', async (_name, url, params, serverName, status) => {
      const token = caller(['read:servers!server=alice/']);
      const { error, request } = await setup().run({
        route: 'sharedServer',
        url,
        token,
        params: { user_name: 'alice', ...params },
      });
      expect((request.params as Record<string, string>).server_name).toBe(serverName);
      expect(error?.status).toBe(status);
    });

    it('sets no param on routes without the marker', async () => {
      const { request } = await setup().run({
        route: 'readUser',
        url: '/hub/api/users/alice/',
        token: caller(['read:users']),
        params: { user_name: 'alice' },
      });
      expect(request.params).toEqual({ user_name: 'alice' });
    });
  });

  describe('resources of the path', () => {
    it.each<[string, Call, number | undefined]>([
      [
        'a service filter for that service',
        {
          route: 'readService',
          token: caller(['read:services!service=grader']),
          params: { service_name: 'grader' },
        },
        undefined,
      ],
      [
        'a service filter for another service',
        {
          route: 'readService',
          token: caller(['read:services!service=other']),
          params: { service_name: 'grader' },
        },
        404,
      ],
      [
        'a user filter for that user',
        {
          route: 'readUser',
          token: caller(['read:users!user=alice']),
          params: { user_name: 'alice' },
        },
        undefined,
      ],
      [
        'a user filter for another user',
        {
          route: 'readUser',
          token: caller(['read:users!user=alice']),
          params: { user_name: 'carol' },
        },
        404,
      ],
      [
        'a user filter on a route that names no resource',
        { route: 'readUser', token: caller(['read:users!user=alice']) },
        403,
      ],
      [
        'a group filter on one of two scopes',
        {
          route: 'startOrDelete',
          token: caller(['delete:servers!group=staff']),
          params: { user_name: 'alice', server_name: 'nb' },
        },
        undefined,
      ],
    ])('%s', async (_name, call, status) => {
      const { allowed, error } = await setup().run(call);
      expect(error?.status).toBe(status);
      expect(allowed).toBe(status === undefined);
    });

    it('lets a list route in with a variant of any one of its scopes', async () => {
      const { allowed } = await setup().run({
        route: 'listEither',
        token: caller(['list:groups!group=staff']),
      });
      expect(allowed).toBe(true);
    });

    it('names every scope of the route in the refusal and its log line', async () => {
      const { error } = await setup().run({
        route: 'startOrDelete',
        url: '/hub/api/users/alice/servers/nb',
        token: caller(['read:users']),
        params: { user_name: 'alice', server_name: 'nb' },
      });
      expect(error?.hubMessage).toBe(
        'Action is not authorized with current scopes; requires any of [start:servers, delete:servers]',
      );
      expect(warn).toHaveBeenCalledWith(
        'not authorising GET /hub/api/users/alice/servers/nb for user bob: requires any of [start:servers, delete:servers] on server alice/nb',
      );
      expect((warn.mock.contexts[0] as { context: string }).context).toBe('auth');
    });
  });
});
