import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  AuthCache,
  AuthRefresh,
  isValidUsername,
  LoginRecords,
  LoginSessionService,
} from '@orrery/api';
import { AuthenticatorRegistry, AuthResult } from '@orrery/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HubUserDirectory } from './hub-user-directory';
import { LandingService } from './landing.service';

/** Why a login from an authenticator route did not happen: shown to the person, and logged. */
export interface LoginRefusal {
  ok: false;
  status: number;
  message: string;
  reason: string;
  /** the name the login was for, when the authenticator said who it was */
  name: string | null;
}

export const NOT_ALLOWED = 'You are not allowed to use this hub. Ask its administrator for access.';
export const IDENTITY_TAKEN =
  'This name already belongs to another account on this hub, so you cannot sign in with it.';

/**
 * The end of every login that an authenticator route (OAuth callback, LTI launch, tmp)
 * produced: the common rules, then what the login records about the user (one transaction,
 * so a refused or failed login leaves no user behind), then the login cookies. Refusals are
 * answered, not logged: the caller logs every failure of its route in one line.
 */
@Injectable()
export class LoginCompletion {
  private readonly logger = new Logger('Login');

  constructor(
    @Inject(AuthenticatorRegistry) private readonly registry: AuthenticatorRegistry,
    @Inject(HubUserDirectory) private readonly directory: HubUserDirectory,
    @Inject(LoginRecords) private readonly records: LoginRecords,
    @Inject(AuthRefresh) private readonly refresh: AuthRefresh,
    @Inject(LoginSessionService) private readonly session: LoginSessionService,
    @Inject(LandingService) private readonly landing: LandingService,
    @Inject(AuthCache) private readonly authCache: AuthCache,
  ) {}

  /** Logs the browser in as `result` and answers the URL to send it to, or a refusal. */
  async complete(
    request: FastifyRequest,
    reply: FastifyReply,
    result: AuthResult,
    next: string | null | undefined,
  ): Promise<{ ok: true; url: string } | LoginRefusal> {
    const outcome = await this.registry.admit(result, this.directory, isValidUsername);
    const name = this.registry.normalizeUsername(result.name);
    if (!outcome.ok) return refusal(403, NOT_ALLOWED, outcome.reason, name);
    const user = await this.records.record(outcome);
    if (!user) {
      return refusal(403, IDENTITY_TAKEN, `${outcome.name} belongs to another identity`, name);
    }
    this.refresh.refreshed(user.id);
    this.authCache.invalidate();
    this.session.setLoginCookies(request, reply, user);
    this.logger.log(`User logged in: ${user.name}`);
    return { ok: true, url: await this.landing.afterLogin(request, user.name, next ?? null) };
  }
}

/** A refusal; AuthenticatorRoutes logs it (LoginFailures) and shows `message`. */
export function refusal(
  status: number,
  message: string,
  reason: string,
  name: string | null = null,
): LoginRefusal {
  return { ok: false, status, message, reason, name };
}
