import { Inject, Injectable, Logger } from '@nestjs/common';
import { LoginThrottle } from '@orrery/auth';
import { Clock, HubConfig } from '@orrery/core';
import type { FastifyRequest } from 'fastify';
import { isIP } from 'node:net';

/**
 * The address a login came from. Browsers reach the hub through the proxy, so the socket's
 * peer is the proxy for everyone; like JupyterHub's `xheaders` (Tornado keeps the last
 * `X-Forwarded-For` hop), the address the nearest proxy appended is the client's. Without it
 * one visitor's failures would throttle every visitor behind the same proxy. A hop that is
 * not an IP address is ignored, so the logged address is always one.
 */
export function clientAddress(request: FastifyRequest): string {
  const raw = request.headers['x-forwarded-for'];
  const header = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  const last = header?.split(',').pop()?.trim();
  return last && isIP(last) ? last : request.ip;
}

/**
 * Every failed login, whatever route it came through (the form, an OAuth callback, an LTI
 * launch): one greppable line (`login failed user=.. ip=.. reason=..`) and one count in the
 * throttle (Authenticator.login_throttle*), per client address and, when the name is known,
 * per name. A name unknown (a forged launch, a bad OAuth state) logs as `user=""`.
 */
@Injectable()
export class LoginFailures {
  private readonly logger = new Logger('login');
  private readonly throttle: LoginThrottle;

  constructor(
    @Inject(HubConfig) config: HubConfig,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    const rules = config.Authenticator;
    this.throttle = new LoginThrottle({
      enabled: rules.login_throttle,
      freeFailures: rules.login_throttle_free_failures,
      delay: rules.login_throttle_delay,
    });
  }

  /**
   * Whether this address (and name) must wait; a waiting attempt is logged as `throttled` and
   * must not be checked at all (no password hash, no provider call, nothing learnt from it).
   */
  throttled(address: string, name: string | null): boolean {
    if (this.throttle.waitMs(keys(address, name), this.now()) <= 0) return false;
    this.log(address, name, 'throttled');
    return true;
  }

  /** Logs a failure and counts it toward the address's (and the name's) delay. */
  fail(address: string, name: string | null, reason: string): void {
    this.throttle.fail(keys(address, name), this.now());
    this.log(address, name, reason);
  }

  /** A success forgets the name's failures (the address keeps its count). */
  succeed(name: string): void {
    this.throttle.succeed(`user:${name}`);
  }

  /**
   * Logs a failure without counting it (the hub's or the provider's fault, not the client's).
   * Name and reason are quoted and the address is an IP, so that no visitor can forge a line.
   */
  log(address: string, name: string | null, reason: string): void {
    this.logger.warn(
      `login failed user=${JSON.stringify(name ?? '')} ip=${address} reason=${JSON.stringify(reason)}`,
    );
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}

function keys(address: string, name: string | null): string[] {
  return name === null ? [`ip:${address}`] : [`ip:${address}`, `user:${name}`];
}
