import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import {
  AuthCache,
  HubRequest,
  isValidUsername,
  LoginSessionService,
  NavigationOnly,
  PageRenderer,
  PublicPage,
  UsersService,
} from '@orrery/api';
import { AuthenticatorRegistry } from '@orrery/auth';
import { ApiTokenEntity, HubConfig, HubMetrics, secondsSince } from '@orrery/core';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { HubUserDirectory } from '../login/hub-user-directory';
import { LandingService } from '../login/landing.service';
import { clientAddress, LoginFailures } from '../login/login-failures.service';
import { loginInput } from '../login/login-form';

export const INVALID_LOGIN = 'Invalid username or password';
export const TOO_MANY_FAILURES = 'Too many failed logins. Try again in a few seconds.';

/** `/hub/login` and `/hub/logout` (JupyterHub's LoginHandler and LogoutHandler). */
@Controller()
export class LoginController {
  constructor(
    @Inject(AuthenticatorRegistry) private readonly registry: AuthenticatorRegistry,
    @Inject(LoginSessionService) private readonly session: LoginSessionService,
    @Inject(PageRenderer) private readonly renderer: PageRenderer,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(HubUserDirectory) private readonly directory: HubUserDirectory,
    @Inject(LandingService) private readonly landing: LandingService,
    @Inject(AuthCache) private readonly authCache: AuthCache,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(HubMetrics) private readonly metrics: HubMetrics,
    @Inject(LoginFailures) private readonly failures: LoginFailures,
  ) {}

  /** Logged in already: refresh the login cookie and go on; else the form (sets _xsrf). */
  @Get('login')
  @PublicPage()
  @NavigationOnly()
  async loginPage(@Req() request: HubRequest, @Res() reply: FastifyReply): Promise<void> {
    const cookieId = this.session.loginCookieId(request);
    if (request.hubAuth?.kind === 'user' && cookieId) {
      this.session.setLoginCookies(request, reply, { cookieId });
      void reply.redirect(await this.landing.nextUrl(request, request.hubAuth.name), 302);
      return;
    }
    const loginUrl = this.authenticatorLoginUrl(request);
    const auto = this.config.Authenticator.auto_login || this.registry.authenticator.autoLogin;
    if (loginUrl && auto) return void reply.redirect(loginUrl, 302);
    this.renderForm(request, reply, 200, { username: '' });
  }

  @Post('login')
  @PublicPage()
  async login(
    @Req() request: HubRequest,
    @Res() reply: FastifyReply,
    @Body() body: unknown,
  ): Promise<void> {
    const input = loginInput(body);
    const name = this.registry.normalizeUsername(input.username ?? '');
    const address = clientAddress(request);
    if (this.failures.throttled(address, name)) {
      this.renderForm(request, reply, 429, {
        username: input.username,
        login_error: TOO_MANY_FAILURES,
      });
      return;
    }
    const began = performance.now();
    const outcome = await this.registry.login(input, this.directory, isValidUsername);
    if (!outcome.ok) {
      this.metrics.loginDuration.observe({ status: 'failure' }, secondsSince(began));
      this.failures.fail(address, name, outcome.reason);
      this.renderForm(request, reply, 403, {
        username: input.username,
        login_error: outcome.message ?? INVALID_LOGIN,
      });
      return;
    }
    this.failures.succeed(name);
    const user = await this.users.ensure(outcome.name);
    if (outcome.admin) await this.users.setAdmin(user, true);
    this.session.setLoginCookies(request, reply, user);
    this.metrics.loginDuration.observe({ status: 'success' }, secondsSince(began));
    void reply.redirect(await this.landing.nextUrl(request, user.name), 302);
  }

  /**
   * Ends this browser's session: its OAuth tokens (those carrying its session id, which
   * servers' cookies hold) are deleted, then the cookies; a logout without a logged-in user
   * deletes nothing, since anyone can link to it. The user's cookie_id is rotated so a copy of
   * the login cookie is refused too; unlike JupyterHub, that ends the user's hub logins in every
   * browser (a login cookie holds only the user's cookie_id, not one per login).
   */
  @Get('logout')
  @PublicPage()
  async logout(@Req() request: HubRequest, @Res() reply: FastifyReply): Promise<void> {
    const auth = request.hubAuth;
    const sessionId = this.session.sessionId(request);
    if (auth?.kind === 'user' && auth.tokenId === null) {
      if (sessionId) {
        await this.dataSource.getRepository(ApiTokenEntity).delete({ userId: auth.id, sessionId });
        this.authCache.invalidate();
      }
      await this.users.rotateCookieId(auth.id);
    }
    this.session.clearLoginCookies(request, reply);
    void reply.redirect(`${this.session.hubPrefix}login`, 302);
  }

  /** The authenticator's own login (OAuth, tmp) with this request's `next`, if it has one. */
  private authenticatorLoginUrl(request: HubRequest): string | null {
    const path = this.registry.authenticator.loginUrl;
    if (!path) return null;
    const next = new URLSearchParams(request.url.split('?')[1] ?? '').get('next');
    const query = next ? `?next=${encodeURIComponent(next)}` : '';
    return `${this.session.hubPrefix}${path}${query}`;
  }

  private renderForm(
    request: HubRequest,
    reply: FastifyReply,
    status: number,
    vars: Record<string, unknown>,
  ): void {
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    const authenticator = this.registry.authenticator;
    // the form's token goes out as the cookie only (xsrf-forms.js fills it in at submit)
    this.session.xsrfToken(request, reply);
    const html = this.renderer.render(
      'login',
      {
        ...vars,
        next: query.get('next') ?? '',
        login_fields: authenticator.loginFields,
        login_hint: authenticator.loginHint ?? null,
        has_form: authenticator.authenticate !== undefined,
        password_only: authenticator.passwordOnly === true,
        login_url: this.authenticatorLoginUrl(request),
        login_service: authenticator.loginService ?? null,
      },
      request,
    );
    void reply.status(status).type('text/html; charset=utf-8').send(html);
  }
}
