import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import {
  DEVICE_GRANT_TYPE,
  OAuthDeviceService,
  OAuthError,
  OAuthTokenService,
} from '@orrery/oauth';
import type { FastifyReply } from 'fastify';
import { KeepsAuthCache } from '../auth/auth-cache-invalidation';
import { Public } from '../auth/needs-scope.decorator';
import { challengeOf, formOf, NO_STORE } from './oauth2-responses';

/**
 * `POST /hub/api/oauth2/token`: a server or service trades a code for a token, or the remote
 * agent polls with its device code. Needs no hub credential (the client authenticates in the
 * form); answers in oauthlib's JSON shapes.
 */
@Controller('api/oauth2/token')
export class OAuth2TokenController {
  constructor(
    @Inject(OAuthTokenService) private readonly tokens: OAuthTokenService,
    @Inject(OAuthDeviceService) private readonly device: OAuthDeviceService,
  ) {}

  @Post()
  @Public()
  // a new token revokes nothing and changes nobody's scopes
  @KeepsAuthCache()
  async token(@Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    const form = formOf(body);
    try {
      // the remote agent's device login (RFC 8628); every other grant is JupyterHub's exchange
      const device = [form.grant_type].flat().at(-1) === DEVICE_GRANT_TYPE;
      const response = device ? await this.device.poll(form) : await this.tokens.exchange(form);
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
