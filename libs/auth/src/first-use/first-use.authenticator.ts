import {
  Clock,
  FirstUseAuthenticatorConfig,
  isUniqueViolation,
  UserPasswordEntity,
} from '@orrery/core';
import bcrypt from 'bcryptjs';
import { timingSafeEqual } from 'node:crypto';
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

const BCRYPT_ROUNDS = 10;

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * JupyterHub's firstuseauthenticator: the first login with a name sets its password, later
 * logins check it. Passwords live in user_passwords (bcrypt), deleted with their user.
 * Orrery adds `registration_key`: a shared key that a new name must give to register.
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

  async authenticate(input: LoginInput, users: UserDirectory): Promise<AuthResult | null> {
    const name = input.username;
    const password = input.password ?? '';
    const existing = await users.find(name);
    if (!existing && !this.config.create_users) return null;
    const stored = existing
      ? await this.dataSource.getRepository(UserPasswordEntity).findOneBy({ userId: existing.id })
      : null;
    if (stored) return (await bcrypt.compare(password, stored.hashed)) ? { name } : null;
    const key = this.config.registration_key;
    if (!existing && key !== null && !sameText(input.registration_key ?? '', key)) {
      throw new LoginError('A new user needs the correct registration key.');
    }
    const tooShort = this.passwordProblem(password);
    if (tooShort) throw new LoginError(tooShort);
    const user = existing ?? (await users.ensure(name));
    if (await this.claimPassword(user.id, password)) return { name };
    // a concurrent first login claimed the name first: its password is the one that counts
    const winner = await this.dataSource
      .getRepository(UserPasswordEntity)
      .findOneBy({ userId: user.id });
    return winner && (await bcrypt.compare(password, winner.hashed)) ? { name } : null;
  }

  /** Sets the first password of a user; false when one exists already. */
  private async claimPassword(userId: number, password: string): Promise<boolean> {
    try {
      await this.dataSource.getRepository(UserPasswordEntity).insert({
        userId,
        hashed: await bcrypt.hash(password, BCRYPT_ROUNDS),
        updated: this.clock.now(),
      });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async changePassword(userId: number, newPassword: string): Promise<string | null> {
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
      hashed: await bcrypt.hash(password, BCRYPT_ROUNDS),
      updated: this.clock.now(),
    });
  }
}

export const FIRST_USE: AuthenticatorDescriptor = {
  name: 'first-use',
  aliases: ['firstuse', 'firstuseauthenticator.FirstUseAuthenticator'],
  allowAllByDefault: true,
  create: (deps) => FirstUseAuthenticator.create(deps),
};
