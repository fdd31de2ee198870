import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Observable, tap } from 'rxjs';
import { AuthCache } from './auth-cache';

const KEEPS_AUTH_CACHE = Symbol('orrery:keeps-auth-cache');

/** Marks a mutating route that cannot change tokens or scopes (e.g. activity reports). */
export const KeepsAuthCache = (): MethodDecorator => SetMetadata(KEEPS_AUTH_CACHE, true);

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every mutating API request may revoke a token or change someone's scopes, so it empties
 * the auth cache before its response goes out: the next request sees the change.
 */
@Injectable()
export class AuthCacheInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthCache) private readonly cache: AuthCache,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const method = context.switchToHttp().getRequest<{ method: string }>().method;
    if (SAFE_METHODS.has(method) || this.reflector.get(KEEPS_AUTH_CACHE, context.getHandler())) {
      return next.handle();
    }
    const invalidate = () => this.cache.invalidate();
    // before the response is written, so no later request can see the old state
    return next.handle().pipe(tap({ next: invalidate, error: invalidate }));
  }
}
