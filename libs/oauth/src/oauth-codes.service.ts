import { Inject, Injectable } from '@nestjs/common';
import { Clock, newOAuthToken, OAuthCodeEntity } from '@orrery/core';
import { DataSource, EntityManager, MoreThanOrEqual } from 'typeorm';
import { CodeChallengeMethod } from './pkce';

/** The browser has this long to bring the code to the client, and the client to the hub. */
export const CODE_LIFETIME_SECONDS = 300;

export interface NewOAuthCode {
  clientId: string;
  userId: number;
  /** the browser's `jupyterhub-session-id`, passed on to the token for logout */
  sessionId: string | null;
  scopes: readonly string[];
  /** the client's registered URI */
  redirectUri: string;
  codeChallenge: string | null;
  codeChallengeMethod: CodeChallengeMethod | null;
}

/** Authorization codes: 30 random characters, stored in clear, single use, 300 s. */
@Injectable()
export class OAuthCodesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  async create(spec: NewOAuthCode): Promise<string> {
    const code = newOAuthToken();
    const repository = this.dataSource.getRepository(OAuthCodeEntity);
    await repository.save(
      repository.create({
        code,
        clientId: spec.clientId,
        userId: spec.userId,
        sessionId: spec.sessionId,
        scopes: [...spec.scopes],
        redirectUri: spec.redirectUri,
        expiresAt: this.nowSeconds() + CODE_LIFETIME_SECONDS,
        codeChallenge: spec.codeChallenge,
        codeChallengeMethod: spec.codeChallengeMethod,
      }),
    );
    return code;
  }

  /** The code if it exists and has not expired (it is valid through its last second). */
  async findValid(code: string): Promise<OAuthCodeEntity | null> {
    return this.dataSource
      .getRepository(OAuthCodeEntity)
      .findOneBy({ code, expiresAt: MoreThanOrEqual(this.nowSeconds()) });
  }

  /**
   * Uses the code up. False when another exchange deleted it first: a code buys one token
   * even when two requests race.
   */
  async consume(id: number, manager: EntityManager): Promise<boolean> {
    const result = await manager.getRepository(OAuthCodeEntity).delete({ id });
    return (result.affected ?? 0) === 1;
  }
}
