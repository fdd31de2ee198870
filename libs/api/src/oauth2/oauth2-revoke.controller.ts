import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { OAuthDeviceService, OAuthError } from '@orrery/oauth';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/needs-scope.decorator';
import { challengeOf, formOf, NO_STORE } from './oauth2-responses';

/**
 * `POST /hub/api/oauth2/revoke` (RFC 7009), which JupyterHub does not have: `orrery-remote
 * logout` ends its token at the hub, not only on the disk of a machine the user may not
 * trust. Public like the token endpoint: the token in the form is the credential. Not
 * KeepsAuthCache: the revoked token must stop working on the next request.
 */
@Controller('api/oauth2/revoke')
export class OAuth2RevokeController {
  constructor(@Inject(OAuthDeviceService) private readonly device: OAuthDeviceService) {}

  @Post()
  @Public()
  async revoke(@Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    try {
      await this.device.revoke(formOf(body));
      void reply.status(200).headers(NO_STORE).send('{}');
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      void reply
        .status(error.status)
        .headers({ ...NO_STORE, ...challengeOf(error) })
        .send(JSON.stringify(error.toJSON()));
    }
  }
}
