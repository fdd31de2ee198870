import { Inject, Injectable, Logger } from '@nestjs/common';
import { ApiTokenEntity, SpawnerEntity, UserEntity } from '@orrery/core';
import { DataSource } from 'typeorm';
import { AuthCache } from '../auth/auth-cache';
import { TokensService } from '../domain/tokens.service';

/** The note of the culler's kernel tokens; the hub does not count their use as the user's activity. */
export const CULLER_TOKEN_NOTE = 'Orrery culler: kernel check';
/** Seconds a kernel token lives if its revocation after the check never happens (a crash). */
const TOKEN_LIFETIME_S = 60;
const REQUEST_TIMEOUT_MS = 10_000;

interface KernelModel {
  execution_state?: unknown;
}

/**
 * Asks a running server whether one of its kernels is busy (`GET <prefix>api/kernels`), with a
 * token the hub mints for that one question: owned by the server's user, scoped to
 * `access:servers` of that server only, living a minute, revoked right after. The server's
 * authorizer checks only `access:servers`, so "read only" is this class's promise: it sends one
 * GET and nothing else.
 */
@Injectable()
export class KernelProbe {
  private readonly logger = new Logger('culler');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(TokensService) private readonly tokens: TokensService,
    @Inject(AuthCache) private readonly authCache: AuthCache,
  ) {}

  /** true when a kernel is busy, false when none is, null when the server did not say. */
  async busyKernel(user: UserEntity, spawner: SpawnerEntity): Promise<boolean | null> {
    const server = spawner.server;
    if (!server || !server.port) return null;
    const { token, row } = await this.tokens.issue({
      owner: { userId: user.id },
      scopes: [`access:servers!server=${user.name}/${spawner.name}`],
      note: CULLER_TOKEN_NOTE,
      expiresIn: TOKEN_LIFETIME_S,
    });
    try {
      const url = `http://${server.ip || '127.0.0.1'}:${server.port}${server.baseUrl}api/kernels`;
      const response = await fetch(url, {
        headers: { Authorization: `token ${token}` },
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!response.ok) {
        this.logger.warn({
          message: `kernels answered ${response.status}`,
          user: user.name,
          server: spawner.name,
        });
        return null;
      }
      const kernels = (await response.json()) as KernelModel[];
      return Array.isArray(kernels) && kernels.some((kernel) => kernel.execution_state === 'busy');
    } catch (error) {
      this.logger.warn({
        message: `kernels not reachable: ${String(error)}`,
        user: user.name,
        server: spawner.name,
      });
      return null;
    } finally {
      await this.dataSource.getRepository(ApiTokenEntity).delete({ id: row.id });
      this.authCache.invalidate();
    }
  }
}
