import { Inject, Injectable } from '@nestjs/common';
import { Clock, HubConfig } from '@orrery/core';
import { DataSource } from 'typeorm';
import {
  AuthResult,
  Authenticator,
  AuthenticatorDescriptor,
  LoginError,
  LoginInput,
  UserDirectory,
} from './authenticator';
import { allowRuleWarnings } from './allow-rules-check';
import { AUTHENTICATORS } from './authenticators.index';
import { adminOf, admission, mapUsername, matchesPattern } from './login-rules';

/**
 * The outcome of a login attempt: who (admin undefined: leave the flag as it is), or why not
 * (message null: the generic refusal; `reason` is for the log only).
 */
export type LoginOutcome =
  | { ok: true; name: string; admin: boolean | undefined; result: AuthResult }
  | { ok: false; message: string | null; reason: string };

const NO_FORM = 'This hub does not log in with a password form.';

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

  /** What the start-up check says about who may log in (empty: nothing to warn about). */
  allowRuleWarnings(): string[] {
    return allowRuleWarnings(this.config, this.descriptor);
  }

  normalizeUsername(name: string): string {
    return mapUsername(name, this.rules.username_map);
  }

  /**
   * A login form post. The name is checked before the authenticator runs too, so a blocked or
   * not-allowed name never costs a password hash. `isValidName` is the hub's own name rule.
   */
  async login(
    input: LoginInput,
    users: UserDirectory,
    isValidName: (name: string) => boolean,
  ): Promise<LoginOutcome> {
    const authenticate = this.authenticator.authenticate?.bind(this.authenticator);
    if (!authenticate) return { ok: false, message: NO_FORM, reason: 'no login form' };
    const name = this.normalizeUsername(input.username ?? '');
    const early = this.authenticator.passwordOnly
      ? null
      : await this.refusal(name, users, isValidName);
    if (early) return { ok: false, message: null, reason: early };
    let result;
    try {
      result = await authenticate({ ...input, username: name }, users);
    } catch (error) {
      if (error instanceof LoginError) {
        return { ok: false, message: error.message, reason: error.message };
      }
      throw error;
    }
    if (!result) return { ok: false, message: null, reason: 'rejected by the authenticator' };
    return this.admit(result, users, isValidName);
  }

  /**
   * The common rules applied to whom an authenticator accepted (a form login or one of its
   * routes): normalised and valid name, blocked, allowed (or the authenticator's own allow
   * rule), admin.
   */
  async admit(
    result: AuthResult,
    users: UserDirectory,
    isValidName: (name: string) => boolean,
  ): Promise<LoginOutcome> {
    const name = this.normalizeUsername(result.name);
    const refused = await this.refusal(name, users, isValidName, result.allowed === true);
    if (refused) return { ok: false, message: null, reason: refused };
    const admin = adminOf(name, this.rules) ?? result.admin;
    return { ok: true, name, admin, result: { ...result, name } };
  }

  private get rules() {
    return this.config.Authenticator;
  }

  /** JupyterHub's validate_username: the hub's rule, `username_pattern`, the authenticator's. */
  isValidName(name: string, isValidName: (name: string) => boolean): boolean {
    return (
      isValidName(name) &&
      matchesPattern(name, this.rules.username_pattern) &&
      (this.authenticator.validateUsername?.(name) ?? true)
    );
  }

  /** Why `name` may not log in, or null when it may. */
  private async refusal(
    name: string,
    users: UserDirectory,
    isValidName: (name: string) => boolean,
    allowedByAuthenticator = false,
  ): Promise<string | null> {
    if (!this.isValidName(name, isValidName)) return `invalid username ${JSON.stringify(name)}`;
    const verdict = admission(name, this.rules, this.descriptor.allowAllByDefault);
    if (verdict === 'blocked') return `${name} is in blocked_users`;
    if (verdict === 'allowed' || allowedByAuthenticator) return null;
    if (verdict === 'allowed-if-existing' && (await users.find(name)) !== null) return null;
    return `${name} is not allowed (allowed_users, allow_all, allow_existing_users)`;
  }
}
