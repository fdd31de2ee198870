/**
 * The shapes of string values JupyterHub checks, as pure functions returning what is wrong
 * (or null). Regexes follow JupyterHub's own where it has one (roles.py, scopes.py).
 */
import { parseSubdomainHost } from '../names/subdomain-host';
import { unsafeUsernameReason } from '../names/username-rules';

// An empty host means "all interfaces", as in JupyterHub's default bind_url `http://:8000`.
const HTTP_URL = /^https?:\/\/(\[[0-9A-Fa-f:.]+\]|[^\s/:?#[\]@]*)(:\d{1,5})?(\/\S*)?$/;

export function checkHttpUrl(value: string): string | null {
  return HTTP_URL.test(value) ? null : 'expected an http:// or https:// URL';
}

// PEP 440 public versions in canonical form, plus an optional local part (`5.4.0+orrery.1`).
const PEP440 =
  /^([1-9]\d*!)?(0|[1-9]\d*)(\.(0|[1-9]\d*))*((a|b|rc)(0|[1-9]\d*))?(\.post(0|[1-9]\d*))?(\.dev(0|[1-9]\d*))?(\+[a-z0-9]+(\.[a-z0-9]+)*)?$/;

export function checkPep440(value: string): string | null {
  return PEP440.test(value) ? null : 'expected a PEP 440 version such as 5.4.0 or 6.0.0b2';
}

const ROLE_NAME = /^[a-z][a-z0-9\-_~.]{1,253}[a-z0-9]$/;

export function checkRoleName(value: string): string | null {
  return ROLE_NAME.test(value)
    ? null
    : 'expected a role name: lowercase letters, digits and -_~. (3 to 255 characters, starting with a letter)';
}

const CUSTOM_SCOPE = /^custom:[a-z0-9][a-z0-9_\-*:]+[a-z0-9_*]$/;

export function checkCustomScope(value: string): string | null {
  return CUSTOM_SCOPE.test(value)
    ? null
    : 'expected a custom scope name such as custom:grades:read (custom: then lowercase letters, digits and _-*:)';
}

/**
 * A user name the config creates an account for (a group member): one no login could have
 * (`..`, control characters) is refused before the hub starts, as JupyterHub's init_groups
 * refuses a name its authenticator does not validate.
 */
export function checkUserName(value: string): string | null {
  if (value === '' || value !== value.trim()) {
    return `${JSON.stringify(value)} is not a user name: empty or surrounded by whitespace`;
  }
  const reason = unsafeUsernameReason(value);
  return reason ? `${JSON.stringify(value)} is not a user name: ${reason}` : null;
}

export function checkNotEmpty(value: string): string | null {
  return value.length > 0 ? null : 'must not be empty';
}

// JupyterHub refuses to load shorter API tokens.
export const MIN_TOKEN_LENGTH = 8;

export function checkToken(value: string): string | null {
  return value.length >= MIN_TOKEN_LENGTH
    ? null
    : `must have at least ${MIN_TOKEN_LENGTH} characters`;
}

/** An http(s) origin without path, query or userinfo: what `subdomain_host` must be. */
export function checkSubdomainHost(value: string): string | null {
  try {
    parseSubdomainHost(value);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** JupyterHub's subdomain_host validator: no scheme means https (plain HTTP must be explicit). */
export function withScheme(value: unknown): unknown {
  if (typeof value !== 'string' || value === '') return value;
  const url = value.includes('://') ? value : `https://${value}`;
  return url.replace(/\/+$/, '');
}

/** JupyterHub's URLPrefix trait: a base URL always starts and ends with `/`. */
export function withSlashes(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const leading = value.startsWith('/') ? value : `/${value}`;
  return leading.endsWith('/') ? leading : `${leading}/`;
}
