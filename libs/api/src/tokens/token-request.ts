import { HubError } from '@orrery/core';
import { CustomScopes, ScopeSet, scopeExists } from '@orrery/rbac';
import { isJsonObject, pythonRepr, pythonTruthy } from '../http/python-values';

/**
 * The pure half of `POST /users/{name}/tokens` (JupyterHub's `UserTokenListAPIHandler.post`
 * and `APIToken.new`): body shape, who may ask, and the checks of each field, with
 * JupyterHub's messages and in its order.
 */

export type OwnerKind = 'user' | 'service';

export interface TokenRequest {
  note: string;
  /** null: neither scopes nor roles given (the `token` role's scopes apply) */
  scopes: string[] | null;
  roles: string[] | null;
  /** seconds; null or 0 = never; negative is refused by checkExpiresIn */
  expiresIn: number | null;
}

export function tokenRequestBody(body: unknown): Record<string, unknown> {
  // JupyterHub's `x or {}`: any falsy body counts as empty
  if (!pythonTruthy(body)) return {};
  if (!isJsonObject(body)) throw new HubError(400, 'Body must be a JSON dict or empty');
  return body;
}

/**
 * Quirk 6: JupyterHub matches the `tokens` filter against the target user using the
 * *requester's* kind, so a service passes only with unfiltered `tokens` (or, oddly, a
 * `!service=<user name>` filter), and only users benefit from group filters.
 */
export function mayIssueTokensFor(
  scopes: ScopeSet,
  requesterKind: OwnerKind,
  target: { name: string; groups: readonly string[] },
): boolean {
  const filters = scopes.filters('tokens');
  if (filters === null) return false;
  if (filters === 'all') return true;
  if (filters[requesterKind].has(target.name)) return true;
  return requesterKind === 'user' && target.groups.some((group) => filters.group.has(group));
}

export function noTokenPermission(requesterKind: OwnerKind, userName: string): HubError {
  const kind = requesterKind === 'user' ? 'User' : 'Service';
  return new HubError(403, `${kind} ${userName} not found or no permissions to generate tokens`);
}

function stringList(body: Record<string, unknown>, key: 'roles' | 'scopes'): string[] | null {
  const value = body[key];
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new HubError(
      400,
      `token ${key} must be null or a list of strings, not ${pythonRepr(value)}`,
    );
  }
  return value as string[];
}

/** About 7,600 years: the longest lifetime whose expiry stays a date JupyterHub can write. */
const MAX_EXPIRES_IN = 240_000_000_000;

/** JSON booleans are Python ints (True == 1), and JupyterHub accepts them as such. */
function expiresInOf(body: Record<string, unknown>, maxSeconds: number): number | null {
  const raw = body.expires_in;
  let value: number | null;
  if (raw === undefined || raw === null) value = null;
  else if (typeof raw === 'boolean') value = raw ? 1 : 0;
  else if (typeof raw === 'number' && Number.isInteger(raw)) value = raw;
  else {
    throw new HubError(400, `token expires_in must be null or integer, not ${pythonRepr(raw)}`);
  }
  // JupyterHub answers 500 (OverflowError) for an expiry after the year 9999; this bound keeps
  // every expiry before then for centuries to come
  if (value !== null && value > MAX_EXPIRES_IN) {
    throw new HubError(400, `token expires_in: ${value} must not exceed ${MAX_EXPIRES_IN}`);
  }
  if (maxSeconds) {
    // Quirk 10: only null takes the maximum; 0 still means "never".
    if (value === null) value = maxSeconds;
    else if (value > maxSeconds) {
      throw new HubError(400, `token expires_in: ${value} must not exceed ${maxSeconds}`);
    }
  }
  return value;
}

/**
 * The fields of a token request. `onBehalf` names the requester when it is not the token's
 * owner, which the default note records. A truthy non-string note is refused (JupyterHub
 * would store whatever it got).
 */
export function parseTokenRequest(
  body: Record<string, unknown>,
  maxSeconds: number,
  onBehalf: { kind: OwnerKind; name: string } | null,
): TokenRequest {
  let note = body.note;
  if (!pythonTruthy(note)) {
    note = 'Requested via api' + (onBehalf ? ` by ${onBehalf.kind} ${onBehalf.name}` : '');
  } else if (typeof note !== 'string') {
    throw new HubError(400, `token note must be null or a string, not ${pythonRepr(note)}`);
  }
  const roles = stringList(body, 'roles');
  const scopes = stringList(body, 'scopes');
  const expiresIn = expiresInOf(body, maxSeconds);
  if (scopes !== null && roles !== null) {
    throw new HubError(400, 'Can only assign one of scopes or roles when creating tokens.');
  }
  return { note: note as string, scopes, roles, expiresIn };
}

const BARE_FILTERS = new Set(['!user', '!service', '!server']);
const FILTER_PREFIXES = ['!user=', '!service=', '!group=', '!server='];

/**
 * JupyterHub's `_check_scopes_exist`: the message for the first scope whose base is
 * unknown or whose filter kind is not one of user/service/group/server, else null.
 */
export function scopeExistenceError(
  scopes: readonly string[],
  custom: CustomScopes | undefined,
  whoFor: string,
): string | null {
  for (const scope of scopes) {
    const bang = scope.indexOf('!');
    const base = bang < 0 ? scope : scope.slice(0, bang);
    const filter = bang < 0 ? '' : scope.slice(bang + 1);
    if (!scopeExists(base, custom)) {
      if (base === 'all') return "Draft scope 'all' is now called 'inherit'";
      return `Scope '${scope}' for ${whoFor} does not exist`;
    }
    const full = `!${filter}`;
    if (filter && !BARE_FILTERS.has(full) && !FILTER_PREFIXES.some((p) => full.startsWith(p))) {
      return `Scope filter ${filter} '${full}' in scope '${scope}' for ${whoFor} does not exist`;
    }
  }
  return null;
}

/** Token scope errors are Python KeyErrors, whose str() is the repr of the message. */
export function tokenScopeExistenceError(
  scopes: readonly string[],
  custom: CustomScopes | undefined,
): HubError | null {
  const message = scopeExistenceError(scopes, custom, 'token');
  return message === null ? null : new HubError(400, pythonRepr(message));
}

/** Checked by JupyterHub only after the scopes: a lifetime must be positive or none. */
export function checkExpiresIn(expiresIn: number | null): void {
  if (expiresIn !== null && expiresIn < 0) {
    throw new HubError(
      400,
      `expires_in must be a positive integer or null, not ${pythonRepr(expiresIn)}`,
    );
  }
}
