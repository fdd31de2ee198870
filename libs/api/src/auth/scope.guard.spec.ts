import { ExecutionContext, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { HubError, parseConfig } from '@orrery/core';
import { ScopeSet } from '@orrery/rbac';
import type { AuthContext } from './auth-context';
import type { AuthRefresh } from './auth-refresh.service';
import type { CookieAuthService } from './cookie-auth.service';
import type { LoginSessionService } from './login-session.service';
import {
  Authenticated,
  NeedsScope,
  NeedsScopeFiltered,
  PageAuth,
  Public,
} from './needs-scope.decorator';
import type { ResourceGroupsService } from './resource-groups.service';
import { MISSING_CREDENTIALS, NOT_FOUND_OR_NO_ACCESS, ScopeGuard } from './scope.guard';
import type { TokenAuthService } from './token-auth.service';

/** One handler per way a route can declare its authorisation. */
class Routes {
  @Public() open() {}
  @Authenticated() anyCaller() {}
  @NeedsScope('start:servers') startServer() {}
  @NeedsScope('read:groups') readGroup() {}
  @NeedsScopeFiltered('list:users') listUsers() {}
  @PageAuth() page() {}
  undeclared() {}
}
type Route = keyof Routes;

const TOKEN = 'guard-spec-token';

function caller(scopes: string[]): AuthContext {
  const set = new ScopeSet(scopes);
  return {
    kind: 'user',
    id: 2,
    name: 'bob',
    admin: false,
    tokenId: 5,
    sessionId: null,
    scopes: set,
  };
}

interface Call {
  route: Route;
  /** scopes of the token presented; none for a call without credentials */
  scopes?: string[];
  url?: string;
  method?: string;
  params?: Record<string, string>;
}

/** The guard over fakes: the token (if any) resolves to a caller holding `scopes`. */
function setup(groupsOf: Record<string, string[]> = {}) {
  const tokens = {
    authenticate: jest.fn(async (): Promise<AuthContext | null> => null),
  };
  const groups = { groupsOf: jest.fn(async (user: string) => groupsOf[user] ?? []) };
  const cookies = { authenticate: jest.fn(async () => null) };
  const session = { hubPrefix: '/hub/', checkXsrf: jest.fn(), clearLoginCookies: jest.fn() };
  const refresh = { active: false, current: jest.fn(async () => true) };
  const guard = new ScopeGuard(
    new Reflector(),
    tokens as unknown as TokenAuthService,
    groups as unknown as ResourceGroupsService,
    cookies as unknown as CookieAuthService,
    session as unknown as LoginSessionService,
    refresh as unknown as AuthRefresh,
    parseConfig(''),
  );
  const run = (call: Call) => {
    if (call.scopes) tokens.authenticate.mockResolvedValueOnce(caller(call.scopes));
    const request = {
      method: call.method ?? 'GET',
      url: call.url ?? '/hub/api/x',
      headers: call.scopes ? { authorization: `token ${TOKEN}` } : {},
      params: call.params ?? {},
    };
    const context = {
      getHandler: () => Routes.prototype[call.route],
      getClass: () => Routes,
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({}) }),
    } as unknown as ExecutionContext;
    return guard.canActivate(context);
  };
  return { run, groups };
}

async function refusal(outcome: Promise<boolean>): Promise<HubError> {
  const error = await outcome.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof HubError)) throw new Error(`expected a HubError, got ${String(error)}`);
  return error;
}

const ALICE_NB = { user_name: 'alice', server_name: 'nb' };
const FORBIDDEN_START =
  'Action is not authorized with current scopes; requires any of [start:servers]';

describe('ScopeGuard', () => {
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it.each<[string, Call]>([
    ['a public route lets a caller without credentials in', { route: 'open' }],
    [
      'an authenticated route lets any valid token in, whatever it holds',
      { route: 'anyCaller', scopes: [] },
    ],
    [
      'a needed scope held unfiltered lets the call in',
      { route: 'startServer', scopes: ['start:servers'], params: ALICE_NB },
    ],
    [
      'a needed scope filtered to the user lets the call in',
      { route: 'startServer', scopes: ['start:servers!user=alice'], params: ALICE_NB },
    ],
    [
      'a needed scope filtered to the server lets the call in',
      { route: 'startServer', scopes: ['start:servers!server=alice/nb'], params: ALICE_NB },
    ],
    [
      'a list route lets any filtered variant in (the handler filters)',
      { route: 'listUsers', scopes: ['list:users!group=staff'] },
    ],
    ['a page lets a token in', { route: 'page', scopes: [] }],
  ])('%s', async (_name, call) => {
    await expect(setup().run(call)).resolves.toBe(true);
    expect(warn).not.toHaveBeenCalled();
  });

  it('matches a group filter against the groups of the user the path names', async () => {
    const { run, groups } = setup({ alice: ['staff'] });
    const call = {
      route: 'startServer' as const,
      scopes: ['start:servers!group=staff'],
      params: ALICE_NB,
    };
    await expect(run(call)).resolves.toBe(true);
    expect(groups.groupsOf).toHaveBeenCalledWith('alice');
  });

  it('does not load groups when no group filter could match', async () => {
    const { run, groups } = setup();
    await run({ route: 'startServer', scopes: ['start:servers!user=alice'], params: ALICE_NB });
    expect(groups.groupsOf).not.toHaveBeenCalled();
  });

  it.each<[string, Call, number, string | null]>([
    [
      'refuses an API call without credentials with 403, never 401',
      { route: 'anyCaller' },
      403,
      MISSING_CREDENTIALS,
    ],
    [
      'refuses a scoped call without credentials with 403',
      { route: 'startServer', params: ALICE_NB },
      403,
      MISSING_CREDENTIALS,
    ],
    [
      'answers 404 when the scope is held only for another user',
      { route: 'startServer', scopes: ['start:servers!user=carol'], params: ALICE_NB },
      404,
      NOT_FOUND_OR_NO_ACCESS,
    ],
    [
      'answers 404 when the scope is held only for another server of the user',
      { route: 'startServer', scopes: ['start:servers!server=alice/other'], params: ALICE_NB },
      404,
      NOT_FOUND_OR_NO_ACCESS,
    ],
    [
      'answers 404 for a group filter the user is not in',
      { route: 'startServer', scopes: ['start:servers!group=other'], params: ALICE_NB },
      404,
      NOT_FOUND_OR_NO_ACCESS,
    ],
    [
      'answers 403 when the scope is missing',
      { route: 'startServer', scopes: ['read:servers'], params: ALICE_NB },
      403,
      FORBIDDEN_START,
    ],
    [
      'answers 403 for a list route when no variant of the scope is held',
      { route: 'listUsers', scopes: ['read:servers'] },
      403,
      'Action is not authorized with current scopes; requires any of [list:users]',
    ],
    [
      'refuses a page POST without credentials with 403',
      { route: 'page', method: 'POST' },
      403,
      null,
    ],
  ])('%s', async (_name, call, status, message) => {
    const refused = await refusal(setup().run(call));
    expect({ status: refused.status, message: refused.hubMessage }).toEqual({ status, message });
  });

  it('sends a page GET without credentials to the login page, with where it was going', async () => {
    const refused = await refusal(setup().run({ route: 'page', url: '/hub/home?x=1' }));
    expect(refused.status).toBe(302);
    expect(refused.headers).toEqual({
      Location: `/hub/login?next=${encodeURIComponent('/hub/home?x=1')}`,
    });
  });

  it('refuses a route that declares no authorisation, even for a caller holding every scope, and says why', async () => {
    const refused = await refusal(
      setup().run({
        route: 'undeclared',
        scopes: ['admin:users', 'admin:servers'],
        method: 'DELETE',
        url: '/hub/api/new',
      }),
    );
    expect({ status: refused.status, message: refused.hubMessage }).toEqual({
      status: 403,
      message: MISSING_CREDENTIALS,
    });
    expect(error).toHaveBeenCalledWith(
      'route DELETE /hub/api/new declares no authorisation; refusing',
    );
  });

  it.each<[string, Call, string]>([
    [
      'a filter for another resource',
      {
        route: 'startServer',
        scopes: ['start:servers!user=carol'],
        params: ALICE_NB,
        method: 'POST',
        url: '/hub/api/users/alice/servers/nb?token=secret',
      },
      'not authorising POST /hub/api/users/alice/servers/nb for user bob: requires any of [start:servers] on server alice/nb',
    ],
    [
      'a missing scope',
      {
        route: 'readGroup',
        scopes: ['read:users'],
        params: { group_name: 'staff' },
        url: '/hub/api/groups/staff',
      },
      'not authorising GET /hub/api/groups/staff for user bob: requires any of [read:groups] on group staff',
    ],
    [
      'a list without the scope',
      { route: 'listUsers', scopes: ['read:servers'], url: '/hub/api/users' },
      'not authorising GET /hub/api/users for user bob: requires any of [list:users] on the hub',
    ],
  ])(
    'logs a denial for %s at warn: path without its query, scopes needed, resource',
    async (_name, call, line) => {
      await refusal(setup().run(call));
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith(line);
    },
  );
});
