import { Body, Controller, Inject, Post, Res } from '@nestjs/common';
import { OAuthError, OAuthTokenService, RequestParams } from '@orrery/oauth';
import type { FastifyReply } from 'fastify';
import { KeepsAuthCache } from '../auth/auth-cache-invalidation';
import { Public } from '../auth/needs-scope.decorator';

/** oauthlib's headers on every token response, errors included: tokens must not be cached. */
const NO_STORE = {
  'Content-Type': 'application/json',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
};

/** What a 401 carries (RFC 6750 section 3), as oauthlib sends it for `invalid_client`. */
function challengeOf(error: OAuthError): Record<string, string> {
  if (error.status !== 401) return {};
  const parts = [`error="${error.error}"`];
  if (error.description) parts.push(`error_description="${error.description}"`);
  return { 'WWW-Authenticate': `Bearer ${parts.join(', ')}` };
}

/** oauthlib reads only form bodies (see json-body.ts); anything else is an empty request. */
function isForm(body: unknown): body is RequestParams {
  return (
    typeof body === 'object' &&
    body !== null &&
    Object.values(body).every((value) => Array.isArray(value))
  );
}

/**
 * `POST /hub/api/oauth2/token`: a server or service trades a code for a token. Needs no hub
 * credential (the client authenticates in the form); answers in oauthlib's JSON shapes.
 */
@Controller('api/oauth2/token')
export class OAuth2TokenController {
  constructor(@Inject(OAuthTokenService) private readonly tokens: OAuthTokenService) {}

  @Post()
  @Public()
  // a new token revokes nothing and changes nobody's scopes
  @KeepsAuthCache()
  async token(@Body() body: unknown, @Res() reply: FastifyReply): Promise<void> {
    const form = isForm(body) ? body : {};
    try {
      const response = await this.tokens.exchange(form);
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
