import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { HubError } from '@orrery/core';
import type { AuthContext, HubRequest } from './auth-context';

/**
 * The caller that the ScopeGuard resolved, for routes that need credentials (`@NeedsScope`,
 * `@Authenticated`): `@Auth() auth: AuthContext`. On a route that let a request through
 * without credentials there is no caller; acting for nobody would be an authorisation hole,
 * so that wiring mistake answers 500 instead.
 */
export function authOf(request: HubRequest): AuthContext {
  if (!request.hubAuth) throw new HubError(500, 'No credentials were resolved for this route');
  return request.hubAuth;
}

export const Auth = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  authOf(context.switchToHttp().getRequest<HubRequest>()),
);
