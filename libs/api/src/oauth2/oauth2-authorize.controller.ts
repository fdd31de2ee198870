import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { HubError } from '@orrery/core';
import {
  AuthorizeOutcome,
  AuthorizingUser,
  OAuthAuthorizeService,
  OAuthError,
  RequestParams,
} from '@orrery/oauth';
import type { FastifyReply } from 'fastify';
import { HubRequest } from '../auth/auth-context';
import { LoginSessionService } from '../auth/login-session.service';
import { PageAuth } from '../auth/needs-scope.decorator';
import { NavigationOnly } from '../auth/page-fetch-rules';
import { PageRenderer } from '../http/page-renderer';

/** Python's http.client.responses, for the statuses this page can show. */
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  500: 'Internal Server Error',
};

/**
 * `GET` and `POST /hub/api/oauth2/authorize`: a page, not an API (JupyterHub's
 * OAuthAuthorizeHandler is a page handler), so it needs the login cookie, checks XSRF on
 * the POST, and shows errors as HTML pages. The decisions are in libs/oauth.
 */
@Controller('api/oauth2/authorize')
export class OAuth2AuthorizeController {
  constructor(
    @Inject(OAuthAuthorizeService) private readonly oauth: OAuthAuthorizeService,
    @Inject(PageRenderer) private readonly pages: PageRenderer,
    @Inject(LoginSessionService) private readonly session: LoginSessionService,
  ) {}

  @Get()
  @PageAuth()
  @NavigationOnly()
  async authorize(
    @Query() query: RequestParams,
    @Req() request: HubRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.respond(request, reply, (user) => this.oauth.authorize(query, user));
  }

  /** The confirmation form posts back to the same URL with the `scopes` agreed to. */
  @Post()
  @PageAuth()
  @NavigationOnly()
  async confirm(
    @Query() query: RequestParams,
    @Body() body: unknown,
    @Req() request: HubRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
    const scopes = Array.isArray(form.scopes) ? (form.scopes as string[]) : [];
    await this.respond(request, reply, (user) => this.oauth.confirm(query, scopes, user));
  }

  private async respond(
    request: HubRequest,
    reply: FastifyReply,
    decide: (user: AuthorizingUser) => Promise<AuthorizeOutcome>,
  ): Promise<void> {
    try {
      const outcome = await decide(this.userOf(request, reply));
      if (outcome.kind === 'redirect') {
        void reply.redirect(outcome.location, 302);
        return;
      }
      const html = this.pages.render(
        'oauth',
        {
          oauth_client: outcome.client,
          scope_descriptions: outcome.descriptions,
          allowed_scopes: outcome.scopes,
        },
        request,
      );
      void reply.status(200).type('text/html; charset=UTF-8').send(html);
    } catch (error) {
      if (error instanceof OAuthError)
        return this.errorPage(request, reply, error.status, error.description);
      if (error instanceof HubError)
        return this.errorPage(request, reply, error.status, error.hubMessage);
      throw error;
    }
  }

  /** Only people authorise clients: a service's token is not someone to ask. */
  private userOf(request: HubRequest, reply: FastifyReply): AuthorizingUser {
    const auth = request.hubAuth;
    if (!auth || auth.kind !== 'user') throw new HubError(403);
    // the browser's session, set now if missing, is what logout revokes the token by
    const sessionId = this.session.ensureSessionId(request, reply);
    return { id: auth.id, name: auth.name, scopes: auth.scopes, sessionId };
  }

  private errorPage(
    request: HubRequest,
    reply: FastifyReply,
    status: number,
    message: string | null,
  ): void {
    const html = this.pages.render(
      'error',
      { status_code: status, status_message: REASONS[status] ?? '', message },
      request,
    );
    void reply.status(status).type('text/html; charset=UTF-8').send(html);
  }
}
