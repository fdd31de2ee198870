import {
  Clock,
  FirstUseAuthenticatorConfig,
  isUniqueViolation,
  UserPasswordEntity,
} from '@orrery/core';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  AuthResult,
  Authenticator,
  AuthenticatorDeps,
  AuthenticatorDescriptor,
  LoginError,
  LoginField,
  LoginInput,
  UserDirectory,
} from '../authenticator';
import { comparePassword, hashPassword } from './password-hashing';

const BCRYPT_ROUNDS = 10;

export const REGISTRATION_KEY_NEEDED = 'A new user needs the correct registration key.';

let standIn: Promise<string> | null = null;

/** A hash of a random secret, compared against when a name has no password, made once. */
function standInHash(): Promise<string> {
  standIn ??= hashPassword(randomBytes(16).toString('hex'), BCRYPT_ROUNDS);
  return standIn;
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * JupyterHub's firstuseauthenticator: the first login with a name sets its password, later
 * logins check it. Passwords live in user_passwords (bcrypt), deleted with their user.
 * Orrery adds `registration_key`: a shared key that every account without a password yet (a new
 * name, or one pre-created by config or the API) must give to set its first password.
 */
export class FirstUseAuthenticator implements Authenticator {
  readonly name = 'first-use';
  readonly loginFields: readonly LoginField[];
  readonly loginHint = 'New here? The name and password you choose become your account.';

  constructor(
    private readonly config: FirstUseAuthenticatorConfig,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    this.loginFields =
      config.registration_key === null
        ? []
        : [
            {
              name: 'registration_key',
              label: 'Registration key (new users only)',
              type: 'password',
            },
          ];
  }

  static create({ config, dataSource, clock }: AuthenticatorDeps): FirstUseAuthenticator {
    return new FirstUseAuthenticator(config.FirstUseAuthenticator, dataSource, clock);
  }

  /** As firstuseauthenticator: commas and spaces would make names ambiguous in lists. */
  validateUsername(name: string): boolean {
    return !name.includes(',') && !name.includes(' ');
  }

  /**
   * Every path does one bcrypt comparison (a stand-in hash when there is no stored one), so an
   * unknown name, a name without a password yet and a wrong password take the same time.
   */
  async authenticate(input: LoginInput, users: UserDirectory): Promise<AuthResult | null> {
    const name = input.username;
    const password = input.password ?? '';
    const existing = await users.find(name);
    const stored = existing
      ? await this.dataSource.getRepository(UserPasswordEntity).findOneBy({ userId: existing.id })
      : null;
    const matches = await comparePassword(password, stored?.hashed ?? (await standInHash()));
    if (stored) return matches ? { name } : null;
    if (!existing && !this.config.create_users) return null;
    // pre-created accounts (admin_users, allowed_users, the API) have no password yet either:
    // without this check their first claimant, whoever it is, would own them
    const key = this.config.registration_key;
    if (key !== null && !sameText(input.registration_key ?? '', key)) {
      throw new LoginError(REGISTRATION_KEY_NEEDED);
    }
    const tooShort = this.passwordProblem(password);
    if (tooShort) throw new LoginError(tooShort);
    const user = existing ?? (await users.ensure(name));
    if (await this.claimPassword(user.id, password)) return { name };
    // a concurrent first login claimed the name first: its password is the one that counts
    const winner = await this.dataSource
      .getRepository(UserPasswordEntity)
      .findOneBy({ userId: user.id });
    return winner && (await comparePassword(password, winner.hashed)) ? { name } : null;
  }

  /** Sets the first password of a user; false when one exists already. */
  private async claimPassword(userId: number, password: string): Promise<boolean> {
    try {
      await this.dataSource.getRepository(UserPasswordEntity).insert({
        userId,
        hashed: await hashPassword(password, BCRYPT_ROUNDS),
        updated: this.clock.now(),
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async changePassword(
    userId: number,
    currentPassword: string,
    newPassword: string,
  ): Promise<string | null> {
    const stored = await this.dataSource.getRepository(UserPasswordEntity).findOneBy({ userId });
    const matches = await comparePassword(currentPassword, stored?.hashed ?? (await standInHash()));
    if (!stored || !matches) return CURRENT_PASSWORD_WRONG;
    const problem = this.passwordProblem(newPassword);
    if (problem) return problem;
    await this.savePassword(userId, newPassword);
    return null;
  }

  private passwordProblem(password: string): string | null {
    const min = this.config.min_password_length;
    return password.length < min
      ? `Password too short! Please choose a password at least ${min} characters long.`
      : null;
  }

  private async savePassword(userId: number, password: string): Promise<void> {
    await this.dataSource.getRepository(UserPasswordEntity).save({
      userId,
      hashed: await hashPassword(password, BCRYPT_ROUNDS),
      updated: this.clock.now(),
    });
  }
}

/** The change-password page's answer when the current password does not match. */
export const CURRENT_PASSWORD_WRONG = 'Your current password is not correct.';

export const FIRST_USE: AuthenticatorDescriptor = {
  name: 'first-use',
  aliases: ['firstuse', 'firstuseauthenticator.FirstUseAuthenticator'],
  allowAllByDefault: true,
  create: (deps) => FirstUseAuthenticator.create(deps),
};
