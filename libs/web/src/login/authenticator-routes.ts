import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { appendSetCookie, browserProtocol, LoginSessionService, PageRenderer } from '@orrery/api';
import { AuthenticatorRegistry, LoginRoute, LoginStep } from '@orrery/auth';
import { Clock, CookieSecret, UserEntity } from '@orrery/core';
import { DataSource } from 'typeorm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LoginCookieJar, loginCookieHeaders, loginRequest } from './login-request';
import { HubUserDirectory } from './hub-user-directory';
import { LoginCompletion, LoginRefusal, refusal } from './login-completion.service';
import { clientAddress, LoginFailures } from './login-failures.service';

const SIGN_IN_FAILED = 'Sign-in failed';
export const TOO_MANY_ROUTE_FAILURES =
  'Too many failed sign-ins from this address. Try again in a few seconds.';

/**
 * Mounts the configured authenticator's own routes (OAuth login and callback, LTI launch,
 * tmp login) under the hub prefix, outside the scope guard: they are how a browser logs in,
 * and an LMS posts its launch without the hub's XSRF token. Each step the authenticator
 * answers becomes a redirect, a login (LoginCompletion), a readable error page or a document.
 * Refusals are failed logins like the form's (LoginFailures): logged in its line, and those the
 * client caused (4xx) count toward its address's delay, during which no route is even run.
 */
@Injectable()
export class AuthenticatorRoutes implements OnModuleInit {
  private readonly logger = new Logger('Login');

  constructor(
    @Inject(AuthenticatorRegistry) private readonly registry: AuthenticatorRegistry,
    @Inject(LoginSessionService) private readonly session: LoginSessionService,
    @Inject(LoginCompletion) private readonly completion: LoginCompletion,
    @Inject(PageRenderer) private readonly renderer: PageRenderer,
    @Inject(CookieSecret) private readonly secret: CookieSecret,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(HttpAdapterHost) private readonly adapter: HttpAdapterHost,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubUserDirectory) private readonly directory: HubUserDirectory,
    @Inject(LoginFailures) private readonly failures: LoginFailures,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    for (const route of this.registry.authenticator.routes?.() ?? []) {
      fastify.route({
        method: [...route.methods],
        url: `${this.session.hubPrefix}${route.path}`,
        handler: (request, reply) => this.serve(route, request, reply),
      });
    }
  }

  private async serve(route: LoginRoute, request: FastifyRequest, reply: FastifyReply) {
    const address = clientAddress(request);
    if (this.failures.throttled(address, null)) {
      return this.refusalPage(request, reply, { status: 429, message: TOO_MANY_ROUTE_FAILURES });
    }
    const jar = this.jar(request);
    let step: LoginStep;
    try {
      const loggedInAs = await this.loggedInAs(request);
      const protocol = browserProtocol(request);
      step = await route.handle(loginRequest(request, protocol, jar, loggedInAs, this.directory));
    } catch (error) {
      this.logger.error(`${route.path} failed: ${(error as Error).stack ?? String(error)}`);
      step = {
        kind: 'refuse',
        status: 500,
        message: 'Signing in failed because of an error in the hub. Try again later.',
        reason: (error as Error).message,
      };
    }
    if (step.kind !== 'document') {
      for (const cookie of loginCookieHeaders(step.cookies ?? [], jar))
        appendSetCookie(reply, cookie);
    }
    switch (step.kind) {
      case 'redirect':
        return reply.redirect(step.url, 302);
      case 'document':
        return reply
          .status(step.status ?? 200)
          .type(step.contentType)
          .send(step.body);
      case 'refuse':
        return this.refused(request, reply, refusal(step.status, step.message, step.reason));
      case 'login': {
        const done = await this.completion.complete(request, reply, step.result, step.next);
        if (!done.ok) return this.refused(request, reply, done);
        this.failures.succeed(this.registry.normalizeUsername(step.result.name));
        return reply.redirect(done.url, 302);
      }
    }
  }

  /** A hub or provider error (5xx) is logged but not held against the client. */
  private refused(request: FastifyRequest, reply: FastifyReply, refused: LoginRefusal) {
    const address = clientAddress(request);
    if (refused.status < 500) this.failures.fail(address, refused.name, refused.reason);
    else this.failures.log(address, refused.name, refused.reason);
    return this.refusalPage(request, reply, refused);
  }

  private refusalPage(
    request: FastifyRequest,
    reply: FastifyReply,
    refusal: { status: number; message: string },
  ) {
    const html = this.renderer.render(
      'error',
      { status_code: refusal.status, status_message: SIGN_IN_FAILED, message: refusal.message },
      request,
    );
    return reply.status(refusal.status).type('text/html; charset=utf-8').send(html);
  }

  private async loggedInAs(request: FastifyRequest): Promise<string | null> {
    const cookieId = this.session.loginCookieId(request);
    if (!cookieId) return null;
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ cookieId });
    return user?.name ?? null;
  }

  private jar(request: FastifyRequest): LoginCookieJar {
    return {
      secret: this.secret.key,
      nowSeconds: Math.floor(this.clock.now().getTime() / 1000),
      hubPrefix: this.session.hubPrefix,
      options: (maxAgeSeconds) => ({
        ...this.session.options(request, this.session.hubPrefix),
        maxAgeSeconds,
      }),
    };
  }
}
