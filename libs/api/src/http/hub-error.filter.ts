import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { HubError } from '@orrery/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/**
 * The one place errors are rendered: JupyterHub's `{"status", "message"}` JSON body, with
 * any headers the error carries (e.g. Retry-After). Unknown errors are logged and become 500.
 */
@Catch()
export class HubErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

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
        `${request.method} ${request.url}: ${String((exception as Error)?.stack ?? exception)}`,
      );
    void reply
      .status(status)
      .headers(headers)
      .type('application/json')
      .send(JSON.stringify({ status, message }));
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
