import { Inject, Injectable } from '@nestjs/common';
import {
  ApiTokenEntity,
  Clock,
  GENERATED_TOKEN_ROUNDS,
  hashToken,
  newApiToken,
  tokenPrefix,
} from '@orrery/core';
import { DataSource, EntityManager } from 'typeorm';

export interface NewToken {
  owner: { userId: number } | { serviceId: number };
  scopes: string[];
  note?: string;
  /** seconds; null or 0 = never */
  expiresIn?: number | null;
  clientId?: string;
  sessionId?: string | null;
  /** a token chosen by a person (config); otherwise one is generated */
  value?: string;
  rounds?: number;
}

/** Issuing API tokens: the secret is returned once and only its hash is stored. */
@Injectable()
export class TokensService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async issue(
    spec: NewToken,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ token: string; row: ApiTokenEntity }> {
    const token = spec.value ?? newApiToken();
    const now = this.clock.now();
    const repository = manager.getRepository(ApiTokenEntity);
    const row = await repository.save(
      repository.create({
        hashed: hashToken(token, spec.rounds ?? GENERATED_TOKEN_ROUNDS),
        prefix: tokenPrefix(token),
        userId: 'userId' in spec.owner ? spec.owner.userId : null,
        serviceId: 'serviceId' in spec.owner ? spec.owner.serviceId : null,
        clientId: spec.clientId ?? 'jupyterhub',
        sessionId: spec.sessionId ?? null,
        scopes: spec.scopes,
        note: spec.note ?? '',
        created: now,
        expiresAt: spec.expiresIn ? new Date(now.getTime() + spec.expiresIn * 1000) : null,
        lastActivity: null,
      }),
    );
    return { token, row };
  }
}
