import { ExecutionContext } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { HubError } from '@orrery/core';
import { ScopeSet } from '@orrery/rbac';
import { Auth } from './auth.decorator';
import type { AuthContext, HubRequest } from './auth-context';

/** The factory Nest runs for `@Auth()`, read from the metadata the decorator leaves. */
function authFactory(): (data: unknown, context: ExecutionContext) => AuthContext {
  class Probe {
    handler(@Auth() _auth: AuthContext) {}
  }
  const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'handler');
  return (Object.values(args)[0] as { factory: never }).factory;
}

function contextFor(request: Partial<HubRequest>): ExecutionContext {
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

const alice: AuthContext = {
  kind: 'user',
  id: 1,
  name: 'alice',
  admin: false,
  tokenId: null,
  sessionId: 's',
  scopes: new ScopeSet([]),
};

describe('@Auth()', () => {
  it('hands the handler the caller the scope guard resolved', () => {
    expect(authFactory()(undefined, contextFor({ hubAuth: alice }))).toBe(alice);
  });

  it('refuses with a HubError 500 where no caller was resolved, rather than acting for nobody', () => {
    const call = () => authFactory()(undefined, contextFor({}));
    expect(call).toThrow(HubError);
    expect(call).toThrow(expect.objectContaining({ status: 500 }));
  });
});
