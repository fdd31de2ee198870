import type { Clock, HubConfig } from '@orrery/core';
import type { DataSource } from 'typeorm';

/** The login form's fields (JupyterHub passes every field but `_xsrf`). */
export interface LoginInput {
  username: string;
  password: string;
  [field: string]: string;
}

/** Who logged in. `admin` undefined leaves the user's admin flag as it is. */
export interface AuthResult {
  name: string;
  admin?: boolean;
  groups?: string[];
  authState?: Record<string, unknown>;
}

/** A refusal with a reason the login form shows instead of "Invalid username or password". */
export class LoginError extends Error {
  override name = 'LoginError';
}

/** The hub's users as an authenticator sees them (the hub provides it: user rows and roles). */
export interface UserDirectory {
  find(name: string): Promise<{ id: number } | null>;
  /** the existing user or a new one, created as every new user is (with the user role) */
  ensure(name: string): Promise<{ id: number }>;
}

/** An extra field of the login form, e.g. the first-use registration key. */
export interface LoginField {
  name: string;
  label: string;
  type: 'text' | 'password';
}

/**
 * What differs between authenticators. The hub does everything else once (AuthenticatorRegistry):
 * username normalisation, admin/allowed/blocked users, creating the user row, cookies.
 */
export interface Authenticator {
  readonly name: string;
  readonly loginFields: readonly LoginField[];
  /** A sentence under the login form (e.g. how first use works). */
  readonly loginHint?: string;
  /** Checks the form; null means "Invalid username or password", LoginError a specific reason. */
  authenticate(input: LoginInput, users: UserDirectory): Promise<AuthResult | null>;
  /** Extra rules for names (JupyterHub's validate_username), after the hub's own. */
  validateUsername?(name: string): boolean;
  /** For authenticators that keep passwords; resolves to an error message or null on success. */
  changePassword?(userId: number, newPassword: string): Promise<string | null>;
  preSpawnStart?(user: { name: string }, spawner: unknown): Promise<void>;
  refreshUser?(user: { name: string }): Promise<AuthResult | boolean>;
}

export interface AuthenticatorDeps {
  config: HubConfig;
  dataSource: DataSource;
  clock: Clock;
}

/** One line per authenticator in authenticators.index.ts; only the configured one is created. */
export interface AuthenticatorDescriptor {
  name: string;
  /** JupyterHub class names that select it too (`firstuseauthenticator.FirstUseAuthenticator`) */
  aliases: readonly string[];
  /**
   * Whether anyone it accepts may log in while no allow rule is configured: authenticators
   * that are themselves the list of users (first-use, dummy), unlike OAuth providers.
   */
  allowAllByDefault: boolean;
  /** Throws to refuse to start (a clear message for the operator). */
  create(deps: AuthenticatorDeps): Authenticator;
}
