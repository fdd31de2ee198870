import {
  ArgumentsHost,
  Catch,
  ExceptionFilter,
  HttpException,
  Inject,
  Logger,
  Optional,
} from '@nestjs/common';
import { HubConfig, HubError } from '@orrery/core';
import { redactUrl } from '@orrery/proxy';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { CookieAuthService } from '../auth/cookie-auth.service';
import type { HubRequest } from '../auth/auth-context';
import { PageRenderer } from './page-renderer';

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/**
 * The one place errors are rendered: under `<hub_prefix>api` JupyterHub's `{"status",
 * "message"}` JSON body, elsewhere an HTML error page; with any headers the error carries
 * (e.g. Retry-After). Unknown errors are logged and become 500.
 */
@Catch()
export class HubErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Optional() @Inject(PageRenderer) private readonly pages: PageRenderer | null,
    @Optional() @Inject(CookieAuthService) private readonly cookies: CookieAuthService | null,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const { status, message, headers } = this.describe(exception, request);
    // a guard's redirect (to the login page) is an outcome, not an error: no body
    if (status >= 300 && status < 400) {
      void reply.status(status).headers(headers).send();
      return;
    }
    if (status >= 500)
      this.logger.error(
        `${request.method} ${redactUrl(request.url)}: ${String((exception as Error)?.stack ?? exception)}`,
      );
    const send = () => {
      const html = this.page(request, status, message);
      void reply
        .status(status)
        .headers(headers)
        .type(html === null ? 'application/json' : 'text/html; charset=utf-8')
        .send(html ?? JSON.stringify({ status, message }));
    };
    // a path no route matched never met the guard: its page still shows who is signed in
    if (this.cookies && !(request as HubRequest).hubAuth && !this.isApi(request)) {
      this.cookies.authenticate(request, reply).then(
        (auth) => {
          if (auth) (request as HubRequest).hubAuth = auth;
          send();
        },
        () => send(),
      );
      return;
    }
    send();
  }

  private isApi(request: FastifyRequest): boolean {
    const apiPrefix = `${this.config.JupyterHub.base_url}hub/api`;
    const path = request.url.split('?')[0];
    return path === apiPrefix || path.startsWith(`${apiPrefix}/`);
  }

  /** The HTML error page of a non-API request; null for the API (or if rendering fails). */
  private page(request: FastifyRequest, status: number, message: string | null): string | null {
    if (!this.pages || this.isApi(request)) return null;
    try {
      return this.pages.render(
        'error',
        {
          status_code: status,
          status_message: STATUS_CODES[status] ?? 'Unknown HTTP Error',
          message,
        },
        request,
      );
    } catch (error) {
      this.logger.error(`could not render the error page: ${String(error)}`);
      return null;
    }
  }

  private describe(
    exception: unknown,
    request: FastifyRequest,
  ): { status: number; message: string | null; headers: Record<string, string> } {
    if (exception instanceof HubError) {
      return {
        status: exception.status,
        message: exception.hubMessage,
        headers: exception.headers,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const message =
        status === 404 ? `Not found: ${request.url.split('?')[0]}` : exception.message;
      return { status, message, headers: {} };
    }
    const fastifyError = exception as FastifyLikeError;
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
      return {
        status: fastifyError.statusCode,
        message: fastifyError.message ?? null,
        headers: {},
      };
    }
    return { status: 500, message: 'Internal Server Error', headers: {} };
  }
}
