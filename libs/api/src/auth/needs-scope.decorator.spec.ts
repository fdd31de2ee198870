import { Reflector } from '@nestjs/core';
import { KEEPS_AUTH_CACHE, KeepsAuthCache } from './auth-cache-invalidation';
import {
  Authenticated,
  EmptyTrailingParam,
  NeedsScope,
  NeedsScopeFiltered,
  PageAuth,
  Public,
  PublicPage,
  ROUTE_AUTH,
  ROUTE_EMPTY_TRAILING_PARAM,
} from './needs-scope.decorator';
import { NAVIGATION_ONLY, NavigationOnly } from './page-fetch-rules';

/** What each route decorator declares: the ScopeGuard reads exactly this. */
class Routes {
  @NeedsScope('start:servers', 'admin:servers') scoped() {}
  @NeedsScopeFiltered('list:users') listed() {}
  @Authenticated() authenticated() {}
  @Public() open() {}
  @PageAuth() page() {}
  @PageAuth('read:users') scopedPage() {}
  @PublicPage() publicPage() {}
  @EmptyTrailingParam('server_name') trailing() {}
  @KeepsAuthCache() keeps() {}
  @NavigationOnly() navigationOnly() {}
}

const reflector = new Reflector();
const read = (key: symbol, route: keyof Routes) =>
  reflector.get<unknown>(key, Routes.prototype[route]);

describe('route authorisation decorators', () => {
  it.each<[keyof Routes, unknown]>([
    ['scoped', { mode: 'scopes', scopes: ['start:servers', 'admin:servers'] }],
    ['listed', { mode: 'scopes', scopes: ['list:users'], postFilter: true }],
    ['authenticated', { mode: 'authenticated' }],
    ['open', { mode: 'public' }],
    ['page', { mode: 'page', scopes: undefined }],
    ['scopedPage', { mode: 'page', scopes: ['read:users'] }],
    ['publicPage', { mode: 'public-page' }],
  ])('%s declares %j', (route, declared) => {
    expect(read(ROUTE_AUTH, route)).toStrictEqual(declared);
  });

  it('mark routes for the guard with the empty trailing param, cache keeping and navigation only', () => {
    expect(read(ROUTE_EMPTY_TRAILING_PARAM, 'trailing')).toBe('server_name');
    expect(read(KEEPS_AUTH_CACHE, 'keeps')).toBe(true);
    expect(read(NAVIGATION_ONLY, 'navigationOnly')).toBe(true);
    expect(read(ROUTE_AUTH, 'trailing')).toBeUndefined();
  });
});
