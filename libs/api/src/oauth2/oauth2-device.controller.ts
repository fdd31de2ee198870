import { Body, Controller, Inject, Post, Req, Res } from '@nestjs/common';
import { HubConfig } from '@orrery/core';
import { OAuthDeviceService, OAuthError } from '@orrery/oauth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { KeepsAuthCache } from '../auth/auth-cache-invalidation';
import { Public } from '../auth/needs-scope.decorator';
import { challengeOf, formOf, NO_STORE } from './oauth2-responses';

/**
 * `POST /hub/api/oauth2/device_authorization` (RFC 8628 section 3.1): the remote agent gets a
 * device code to poll with and a user code for the person to confirm at `/hub/device`.
 * Public: the client is identified by `client_id`, and only the agent's is accepted.
 */
@Controller('api/oauth2/device_authorization')
export class OAuth2DeviceController {
  constructor(
    @Inject(OAuthDeviceService) private readonly device: OAuthDeviceService,
    @Inject(HubConfig) private readonly config: HubConfig,
  ) {}

  @Post()
  @Public()
  // a pending code grants nothing until a logged-in user confirms it
  @KeepsAuthCache()
  async authorize(
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    try {
      const codes = await this.device.authorize(formOf(body));
      // the page the agent prints: on the host the agent reached, so it works through proxies
      const page = `${request.protocol}://${request.headers.host ?? request.hostname}${this.config.JupyterHub.base_url}hub/device`;
      const response = {
        device_code: codes.device_code,
        user_code: codes.user_code,
        verification_uri: page,
        verification_uri_complete: `${page}?user_code=${encodeURIComponent(codes.user_code)}`,
        expires_in: codes.expires_in,
        interval: codes.interval,
      };
      void reply.status(200).headers(NO_STORE).send(JSON.stringify(response));
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      void reply
        .status(error.status)
        .headers({ ...NO_STORE, ...challengeOf(error) })
        .send(JSON.stringify(error.toJSON()));
    }
  }
}
