import { Inject, Injectable } from '@nestjs/common';
import { Clock, HubConfig } from '@orrery/core';
import { DataSource } from 'typeorm';
import {
  Authenticator,
  AuthenticatorDescriptor,
  LoginError,
  LoginInput,
  UserDirectory,
} from './authenticator';
import { AUTHENTICATORS } from './authenticators.index';
import { adminOf, admission, normalizeUsername } from './login-rules';

/** The outcome of a login attempt: who, or why not (null: the generic refusal). */
export type LoginOutcome =
  { ok: true; name: string; admin: true | undefined } | { ok: false; message: string | null };

export class UnknownAuthenticatorError extends Error {
  override name = 'UnknownAuthenticatorError';
}

export function findAuthenticator(
  name: string,
  list: readonly AuthenticatorDescriptor[] = AUTHENTICATORS,
): AuthenticatorDescriptor {
  const found = list.find((entry) => entry.name === name || entry.aliases.includes(name));
  if (found) return found;
  throw new UnknownAuthenticatorError(
    `JupyterHub.authenticator_class: unknown authenticator ${JSON.stringify(name)}; ` +
      `known: ${list.map((entry) => entry.name).join(', ')}`,
  );
}

/**
 * The configured authenticator, created once at start, wrapped in the rules every
 * authenticator shares (JupyterHub's get_authenticated_user around authenticate):
 * normalise and validate the name, blocked/allowed/admin users, before and after.
 */
@Injectable()
export class AuthenticatorRegistry {
  readonly authenticator: Authenticator;
  private readonly descriptor: AuthenticatorDescriptor;

  constructor(
    @Inject(HubConfig) private readonly config: HubConfig,
    @Inject(DataSource) dataSource: DataSource,
    @Inject(Clock) clock: Clock,
  ) {
    this.descriptor = findAuthenticator(config.JupyterHub.authenticator_class);
    this.authenticator = this.descriptor.create({ config, dataSource, clock });
  }

  normalizeUsername(name: string): string {
    return normalizeUsername(name);
  }

  /** `isValidName` is the hub's own name rule; the authenticator may add its own. */
  async login(
    input: LoginInput,
    users: UserDirectory,
    isValidName: (name: string) => boolean,
  ): Promise<LoginOutcome> {
    const name = this.normalizeUsername(input.username ?? '');
    const valid = (n: string) =>
      isValidName(n) && (this.authenticator.validateUsername?.(n) ?? true);
    if (!valid(name) || !(await this.admitted(name, users))) return { ok: false, message: null };
    let result;
    try {
      result = await this.authenticator.authenticate({ ...input, username: name }, users);
    } catch (error) {
      if (error instanceof LoginError) return { ok: false, message: error.message };
      throw error;
    }
    if (!result) return { ok: false, message: null };
    const finalName = this.normalizeUsername(result.name);
    if (finalName !== name && (!valid(finalName) || !(await this.admitted(finalName, users)))) {
      return { ok: false, message: null };
    }
    return { ok: true, name: finalName, admin: result.admin || adminOf(finalName, this.rules) };
  }

  private get rules() {
    return this.config.Authenticator;
  }

  private async admitted(name: string, users: UserDirectory): Promise<boolean> {
    const verdict = admission(name, this.rules, this.descriptor.allowAllByDefault);
    if (verdict === 'allowed-if-existing') return (await users.find(name)) !== null;
    return verdict === 'allowed';
  }
}
