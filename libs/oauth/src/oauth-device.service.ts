import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ApiTokenEntity,
  Clock,
  GENERATED_TOKEN_ROUNDS,
  hashToken,
  newOAuthToken,
  OAuthDeviceCodeEntity,
  tokenPrefix,
  UserEntity,
} from '@orrery/core';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { RequestParams } from './authorize-params';
import { hashDeviceCode, newUserCode, normalizeUserCode } from './device-codes';
import { invalidClient, invalidGrant, invalidRequest, OAuthError } from './oauth-error';
import { OAuthClientsService } from './oauth-clients.service';
import { TokenResponse } from './oauth-token.service';

export const DEVICE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
/** The one client allowed the device grant: the `orrery-remote` agent, a public client. */
export const REMOTE_CLIENT_ID = 'orrery-remote';
export const DEVICE_CODE_LIFETIME_SECONDS = 600;
export const DEVICE_POLL_INTERVAL_SECONDS = 5;
/** Device tokens live a day; the agent logs in again rather than holding a long-lived secret. */
export const DEVICE_TOKEN_LIFETIME_SECONDS = 86_400;

export interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  expires_in: number;
  interval: number;
}

export interface PendingDeviceLogin {
  clientId: string;
  clientDescription: string;
  userCode: string;
}

function single(form: RequestParams, name: string): string | null {
  const value = form[name];
  if (value === undefined) return null;
  const all = Array.isArray(value) ? value : [value];
  if (all.length > 1) throw invalidRequest(`Duplicate ${name} parameter.`);
  return all[0];
}

/**
 * The OAuth 2.0 device authorization grant (RFC 8628) for the remote agent. Only the
 * `orrery-remote` client may use it, and its tokens carry no scopes: they identify their
 * user and nothing more, which is what the tunnel endpoint checks (it allows only the user's
 * own remote servers). A confidential client's id is refused, so nobody can mint a token in
 * a service's name through a device login its owner was tricked into approving.
 */
@Injectable()
export class OAuthDeviceService {
  private readonly logger = new Logger('oauth');
  /**
   * The endpoint is public, so anyone could fill the table; past this many live codes new
   * ones wait until old ones expire (ten minutes). Far above what people log in at.
   */
  maxPending = 1000;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(OAuthClientsService) private readonly clients: OAuthClientsService,
  ) {}

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  private checkClient(form: RequestParams): void {
    if (single(form, 'client_id') !== REMOTE_CLIENT_ID) throw invalidClient();
  }

  /** `POST /hub/api/oauth2/device_authorization`: a new pair of codes. */
  async authorize(form: RequestParams): Promise<DeviceAuthorization> {
    this.checkClient(form);
    const scope = single(form, 'scope');
    // the token's reach is fixed (the user's remote servers); asking for more is an error
    if (scope !== null && scope.trim() !== '') throw new OAuthError('invalid_scope');
    await this.ensureClient();
    const now = this.nowSeconds();
    const repository = this.dataSource.getRepository(OAuthDeviceCodeEntity);
    await repository.delete({ expiresAt: LessThan(now) });
    if ((await repository.count()) >= this.maxPending) {
      this.logger.warn(`Refusing a device code: ${this.maxPending} are pending`);
      throw new OAuthError('temporarily_unavailable', 'Too many pending device logins.', 503);
    }
    const deviceCode = newOAuthToken(40);
    const userCode = newUserCode();
    await repository.save(
      repository.create({
        deviceCodeHash: hashDeviceCode(deviceCode),
        userCodeHash: hashDeviceCode(userCode),
        clientId: REMOTE_CLIENT_ID,
        scopes: [],
        expiresAt: now + DEVICE_CODE_LIFETIME_SECONDS,
        interval: DEVICE_POLL_INTERVAL_SECONDS,
        lastPolledAt: null,
        userId: null,
        decision: null,
      }),
    );
    return {
      device_code: deviceCode,
      user_code: userCode,
      expires_in: DEVICE_CODE_LIFETIME_SECONDS,
      interval: DEVICE_POLL_INTERVAL_SECONDS,
    };
  }

  /** Api tokens point at their client row, so the agent's client exists before its first token. */
  private async ensureClient(): Promise<void> {
    if (await this.clients.find(REMOTE_CLIENT_ID)) return;
    await this.clients.upsert({
      identifier: REMOTE_CLIENT_ID,
      secret: '',
      redirectUri: '',
      description: 'orrery-remote (a notebook server on another machine)',
    });
  }

  private async findPending(typed: string): Promise<OAuthDeviceCodeEntity | null> {
    const row = await this.dataSource
      .getRepository(OAuthDeviceCodeEntity)
      .findOneBy({ userCodeHash: hashDeviceCode(normalizeUserCode(typed)) });
    if (!row || row.decision !== null || row.expiresAt < this.nowSeconds()) return null;
    return row;
  }

  /** What the verification page shows for a typed code; null when unknown, used or expired. */
  async pending(typed: string): Promise<PendingDeviceLogin | null> {
    const row = await this.findPending(typed);
    if (!row) return null;
    const client = await this.clients.find(row.clientId);
    return {
      clientId: row.clientId,
      clientDescription: client?.description ?? row.clientId,
      userCode: normalizeUserCode(typed),
    };
  }

  /** The logged-in user's answer; false when the code was not pending any more. */
  async decide(typed: string, userId: number, approve: boolean): Promise<boolean> {
    const row = await this.findPending(typed);
    if (!row) return false;
    // conditional on still pending: two confirmations racing cannot both win
    const result = await this.dataSource
      .getRepository(OAuthDeviceCodeEntity)
      .update(
        { id: row.id, decision: IsNull() },
        { userId, decision: approve ? 'approved' : 'denied' },
      );
    return (result.affected ?? 0) === 1;
  }

  /** The token endpoint's device grant, answering RFC 8628 section 3.5's errors. */
  async poll(form: RequestParams): Promise<TokenResponse> {
    this.checkClient(form);
    const deviceCode = single(form, 'device_code');
    if (deviceCode === null) throw invalidRequest('Missing device_code parameter.');
    const repository = this.dataSource.getRepository(OAuthDeviceCodeEntity);
    const row = await repository.findOneBy({ deviceCodeHash: hashDeviceCode(deviceCode) });
    if (!row || row.clientId !== REMOTE_CLIENT_ID) throw invalidGrant();
    const now = this.nowSeconds();
    if (row.expiresAt < now) {
      await repository.delete({ id: row.id });
      throw new OAuthError('expired_token');
    }
    if (row.decision === 'denied') {
      await repository.delete({ id: row.id });
      throw new OAuthError('access_denied');
    }
    if (row.decision === null) {
      const tooSoon = row.lastPolledAt !== null && now - row.lastPolledAt < row.interval;
      await repository.update(
        { id: row.id },
        { lastPolledAt: now, interval: tooSoon ? row.interval + 5 : row.interval },
      );
      throw new OAuthError(tooSoon ? 'slow_down' : 'authorization_pending');
    }
    return this.issue(row);
  }

  private async issue(row: OAuthDeviceCodeEntity): Promise<TokenResponse> {
    const token = newOAuthToken();
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      // deleting first makes the code single-use even when two polls race
      const deleted = await manager.getRepository(OAuthDeviceCodeEntity).delete({ id: row.id });
      if ((deleted.affected ?? 0) !== 1 || row.userId === null) throw invalidGrant();
      const user = await manager.getRepository(UserEntity).findOneBy({ id: row.userId });
      if (!user) throw invalidGrant();
      const tokens = manager.getRepository(ApiTokenEntity);
      await tokens.save(
        tokens.create({
          hashed: hashToken(token, GENERATED_TOKEN_ROUNDS),
          prefix: tokenPrefix(token),
          userId: user.id,
          serviceId: null,
          clientId: REMOTE_CLIENT_ID,
          sessionId: null,
          scopes: [],
          note: 'orrery-remote device login',
          created: now,
          expiresAt: new Date(now.getTime() + DEVICE_TOKEN_LIFETIME_SECONDS * 1000),
          lastActivity: null,
        }),
      );
      this.logger.log(`Device login token for ${user.name} (client ${REMOTE_CLIENT_ID})`);
    });
    return {
      access_token: token,
      expires_in: DEVICE_TOKEN_LIFETIME_SECONDS,
      token_type: 'Bearer',
      scope: '',
    };
  }
}
