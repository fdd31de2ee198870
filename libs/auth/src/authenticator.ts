import type { Clock, HubConfig } from '@orrery/core';
import type { DataSource } from 'typeorm';

/** The login form's fields (JupyterHub passes every field but `_xsrf`). */
export interface LoginInput {
  username: string;
  password: string;
  [field: string]: string;
}

/** The course an LMS launch came from (LTI `context_*`), with the launching user's roles in it. */
export interface LaunchCourse {
  /** `context_id`, stable per course in the LMS */
  id: string;
  label: string | null;
  title: string | null;
  /** normalised: 'learner' | 'instructor' | 'ta' (anything else is dropped) */
  roles: string[];
  /**
   * Who the context id is unique within: `lti11:<consumer key>` or
   * `lti13:<issuer>:<deployment id>` (two LMSes may both have a context `42`).
   */
  platform?: string;
  /**
   * The launch's course claims by their LTI 1.1 names (`context_id`, `context_label`,
   * `context_title`, `custom_<name>`), from which `Courses.course_id_key` picks the course id.
   */
  claims?: Record<string, string>;
}

/** Who logged in. `admin` undefined leaves the user's admin flag as it is. */
export interface AuthResult {
  name: string;
  admin?: boolean;
  /**
   * The identity provider's groups of the user (OIDC claim, GitHub teams, LMS course roles):
   * the user's hub groups are set to exactly these when `Authenticator.manage_groups` is on.
   */
  groups?: string[];
  /**
   * true when one of the authenticator's own allow rules admitted the user (an allowed GitHub
   * organisation, an OIDC `allowed_groups` member): the hub then lets them in even when the
   * common rules (allowed_users, allow_all) would not. Blocked users stay blocked.
   */
  allowed?: boolean;
  /** Kept encrypted in the database when `Authenticator.enable_auth_state` is on. */
  authState?: Record<string, unknown>;
  course?: LaunchCourse;
  /**
   * The identity provider's stable id of the account (`github:583231`, an OIDC `iss`+`sub`,
   * an LTI `user_id` with its consumer): the first login records it, and a later login whose
   * name maps to the same user from a different account is refused instead of taking it over.
   */
  identity?: string;
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
  /** An anonymous user of the warm pool whose server is ready, now taken; null when none is. */
  claimAnonymous?(): Promise<string | null>;
}

/**
 * A request to one of an authenticator's own routes (OAuth login and callback, LTI launch),
 * as the hub hands it over: the authenticator never sees Fastify.
 */
export interface LoginRequest {
  method: string;
  /** The URL the browser used: scheme and host from X-Forwarded-Proto/Host when present. */
  url: URL;
  /** First value of each form field of a POST (empty for GET). */
  form: Record<string, string>;
  /** Every form field in order, for signatures that cover repeated fields (OAuth 1.0a). */
  formPairs: [string, string][];
  header(name: string): string | undefined;
  /** The hub's URL prefix, `/hub/` under the default base_url. */
  hubPrefix: string;
  /** The user this browser is logged in as already, if any. */
  loggedInAs: string | null;
  /** The hub's users (always given by the hub; optional for authenticators' own tests). */
  users?: UserDirectory;
  /** The value of a cookie this authenticator set with `LoginStep.cookies`, if it is intact. */
  cookie(name: string): string | null;
}

/** A short-lived cookie the hub signs for the authenticator (OAuth state, PKCE verifier). */
export interface LoginCookie {
  name: string;
  /** null clears it */
  value: string | null;
  maxAgeSeconds: number;
}

/**
 * What an authenticator route answers. `login`: the hub applies the common rules, creates or
 * updates the user, sets the login cookies and sends the browser to `next` (checked like
 * `?next=`) or the landing page. `refuse`: a readable error page with `message`; `reason`
 * goes to the log. `document`: a plain response (LTI config XML, JWKS).
 */
export type LoginStep =
  | { kind: 'redirect'; url: string; cookies?: LoginCookie[] }
  | { kind: 'login'; result: AuthResult; next?: string | null; cookies?: LoginCookie[] }
  | { kind: 'refuse'; status: number; message: string; reason: string; cookies?: LoginCookie[] }
  | { kind: 'document'; status?: number; contentType: string; body: string };

/** One route an authenticator serves under the hub prefix, e.g. `oauth_callback`. */
export interface LoginRoute {
  methods: readonly ('GET' | 'POST')[];
  /** relative to the hub prefix, without a leading slash: `lti/launch` */
  path: string;
  handle(request: LoginRequest): Promise<LoginStep>;
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
  /**
   * Checks the login form; null means "Invalid username or password", LoginError a specific
   * reason. Absent for authenticators without a form (OAuth, LTI, tmp): their routes log in.
   */
  authenticate?(input: LoginInput, users: UserDirectory): Promise<AuthResult | null>;
  /** Routes under the hub prefix that this authenticator serves (its login flow). */
  routes?(): LoginRoute[];
  /**
   * Where the login page's button goes (relative to the hub prefix, e.g. `oauth_login`);
   * `auto_login` sends `/hub/login` straight there, `next` carried along.
   */
  readonly loginUrl?: string;
  /** The button's name: "Sign in with {loginService}" (JupyterHub's login_service). */
  readonly loginService?: string;
  /** Always behave as with `Authenticator.auto_login` (an authenticator with nothing to ask). */
  readonly autoLogin?: boolean;
  /** Users are anonymous and interchangeable (tmp): the warm pool may hand out ready ones. */
  readonly anonymous?: boolean;
  /** The login form asks for a password only (a shared password); the name is the authenticator's. */
  readonly passwordOnly?: boolean;
  /** Extra rules for names (JupyterHub's validate_username), after the hub's own. */
  validateUsername?(name: string): boolean;
  /**
   * For authenticators that keep passwords: the current password must match (whoever finds a
   * logged-in browser must not take the account over); resolves to an error message or null.
   */
  changePassword?(
    userId: number,
    currentPassword: string,
    newPassword: string,
  ): Promise<string | null>;
  /**
   * Called when a user's authentication is older than `auth_refresh_age` (and before a spawn):
   * true keeps it, false ends the login (the user must log in again), an AuthResult updates
   * admin, groups and auth state as a login would.
   */
  refreshUser?(user: {
    name: string;
    authState: Record<string, unknown> | null;
  }): Promise<AuthResult | boolean>;
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
  /** Its own config section, whose `allow*` keys count as allow rules at start (allowed_groups). */
  configSection?: 'GitHubOAuthenticator' | 'GenericOAuthenticator';
  /**
   * The hub is used inside another site's frames (an LMS): over HTTPS every hub cookie is then
   * `SameSite=None; Secure`, or the browser would not send them from inside the frame.
   */
  crossSiteCookies?: boolean;
  /** Origins allowed to show the hub's pages in a frame (CSP frame-ancestors), e.g. the LMSes. */
  frameAncestors?(config: HubConfig): readonly string[];
  /** Throws to refuse to start (a clear message for the operator). */
  create(deps: AuthenticatorDeps): Authenticator;
}
