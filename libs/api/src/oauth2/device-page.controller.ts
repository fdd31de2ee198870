import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { HubError } from '@orrery/core';
import { OAuthDeviceService, RequestParams } from '@orrery/oauth';
import type { FastifyReply } from 'fastify';
import { HubRequest } from '../auth/auth-context';
import { PageAuth } from '../auth/needs-scope.decorator';
import { NavigationOnly } from '../auth/page-fetch-rules';
import { PageRenderer } from '../http/page-renderer';

/** A form or query field's last value, as tornado's get_argument reads it. */
function lastOf(params: unknown, name: string): string {
  const value = ((params ?? {}) as Record<string, unknown>)[name];
  const last: unknown = Array.isArray(value) ? value[value.length - 1] : value;
  return typeof last === 'string' ? last : '';
}

/**
 * `/hub/device` (RFC 8628's verification URI): a logged-in person confirms the code the
 * remote agent printed. A page like the OAuth confirmation: the login cookie (else the login
 * redirect), navigations only, XSRF on the POST; only users, never a service's token.
 */
@Controller('device')
export class DevicePageController {
  constructor(
    @Inject(OAuthDeviceService) private readonly device: OAuthDeviceService,
    @Inject(PageRenderer) private readonly pages: PageRenderer,
  ) {}

  @Get()
  @PageAuth()
  @NavigationOnly()
  async show(
    @Query() query: RequestParams,
    @Req() request: HubRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.userId(request);
    const typed = lastOf(query, 'user_code');
    const pending = typed ? await this.device.pending(typed) : null;
    this.render(request, reply, typed && !pending ? 400 : 200, {
      pending,
      unknown: Boolean(typed && !pending),
    });
  }

  @Post()
  @PageAuth()
  @NavigationOnly()
  async decide(
    @Body() body: unknown,
    @Req() request: HubRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const userId = this.userId(request);
    const decision = lastOf(body, 'decision');
    if (decision !== 'approve' && decision !== 'deny') throw new HubError(400, 'Unknown decision');
    const approve = decision === 'approve';
    const decided = await this.device.decide(lastOf(body, 'user_code'), userId, approve);
    if (!decided) {
      this.render(request, reply, 400, { pending: null, unknown: true });
      return;
    }
    this.render(request, reply, 200, { outcome: approve ? 'approved' : 'denied' });
  }

  private userId(request: HubRequest): number {
    const auth = request.hubAuth;
    if (!auth || auth.kind !== 'user') throw new HubError(403);
    return auth.id;
  }

  private render(
    request: HubRequest,
    reply: FastifyReply,
    status: number,
    context: Record<string, unknown>,
  ): void {
    const html = this.pages.render('device', context, request);
    void reply.status(status).type('text/html; charset=UTF-8').send(html);
  }
}
