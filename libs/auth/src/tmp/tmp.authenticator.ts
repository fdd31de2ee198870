import { TmpAuthenticatorConfig } from '@orrery/core';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import {
  AuthResult,
  Authenticator,
  AuthenticatorDescriptor,
  LoginError,
  LoginInput,
  LoginRequest,
  LoginRoute,
  LoginStep,
  UserDirectory,
} from '../authenticator';

/** A ready user of the warm pool when there is one, else a new name. */
async function newVisitor(users: UserDirectory | undefined): Promise<string> {
  return (await users?.claimAnonymous?.()) ?? randomUUID();
}

const WRONG_PASSWORD = 'Wrong password. Ask the organisers of this workshop for it.';

function samePassword(given: string, expected: string): boolean {
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Anonymous users for workshops and demos (tmpauthenticator): every visitor gets a new user
 * named by a random UUID and goes straight on to their server. With `shared_password` the
 * login page asks for that password first, so only the workshop's people get a user.
 */
export class TmpAuthenticator implements Authenticator {
  readonly name = 'tmp';
  readonly loginFields = [];
  readonly loginService: string;
  readonly autoLogin = true;
  readonly anonymous = true;
  readonly loginUrl?: string;
  readonly passwordOnly?: boolean;
  readonly authenticate?: (input: LoginInput, users: UserDirectory) => Promise<AuthResult | null>;

  constructor(private readonly config: TmpAuthenticatorConfig) {
    this.loginService = config.login_service;
    const password = config.shared_password;
    if (password === null) {
      this.loginUrl = 'tmplogin';
    } else {
      this.passwordOnly = true;
      this.authenticate = async (input, users) => {
        if (!samePassword(input.password ?? '', password)) throw new LoginError(WRONG_PASSWORD);
        return { name: await newVisitor(users) };
      };
    }
  }

  routes(): LoginRoute[] {
    if (this.config.shared_password !== null) return [];
    return [{ methods: ['GET'], path: 'tmplogin', handle: (request) => this.visit(request) }];
  }

  /**
   * A visitor who has a user keeps it (logged in again, which also checks `next`) unless
   * `force_new_server`; anyone else gets a new one.
   */
  private async visit(request: LoginRequest): Promise<LoginStep> {
    const next = request.url.searchParams.get('next');
    const kept = this.config.force_new_server ? null : request.loggedInAs;
    return { kind: 'login', result: { name: kept ?? (await newVisitor(request.users)) }, next };
  }
}

export const TMP: AuthenticatorDescriptor = {
  name: 'tmp',
  aliases: ['tmpauthenticator.TmpAuthenticator'],
  allowAllByDefault: true,
  create: ({ config }) => new TmpAuthenticator(config.TmpAuthenticator),
};
