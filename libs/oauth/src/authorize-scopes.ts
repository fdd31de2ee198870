import {
  accessScopes,
  CustomScopes,
  expandScopes,
  intersectScopes,
  MembersOf,
  OAuthClientRef,
  ScopeOwner,
  validateScopes,
} from '@orrery/rbac';
import { invalidScope } from './oauth-error';

/**
 * Scope arithmetic of an authorize request (brief 6.2 steps 2 and 4), on raw scopes.
 * Bare filters are resolved against the user and the client, as JupyterHub does.
 */
export interface ScopeContext {
  user: ScopeOwner;
  client: OAuthClientRef;
  custom?: CustomScopes;
  /** group members, so `!group=` filters are resolved (the hub has the database) */
  membersOf?: MembersOf;
}

/** The pre-2.0 scope name; asking for it grants nothing beyond the required scopes. */
export const IDENTIFY = 'identify';

/** Reading the owner's name and groups, unresolved (`identify_scopes()` in JupyterHub). */
export const IDENTIFY_SCOPES: readonly string[] = [
  'read:users:groups!user',
  'read:users:name!user',
];

/** Always granted: the user's identity and the right to reach the client's server or service. */
export function requiredScopes(client: OAuthClientRef): string[] {
  return [...IDENTIFY_SCOPES, ...accessScopes(client)];
}

/** What a client gets when it asks for no scope: its allowed scopes, plus the required ones. */
export function clientDefaultScopes(allowed: readonly string[], client: OAuthClientRef): string[] {
  if (allowed.includes('inherit')) return [...new Set(allowed)];
  return [...new Set([...allowed, ...requiredScopes(client)])];
}

/** The `scope` parameter as oauthlib splits it: on single spaces, after trimming. */
export function splitScopeParam(scope: string): string[] {
  return scope.trim().split(' ');
}

/** Requested names without `identify` (accepted for old clients, worth nothing). */
export function withoutIdentify(names: Iterable<string>): string[] {
  return [...new Set(names)].filter((name) => name !== IDENTIFY);
}

/** True when every name is an existing scope with a well-formed filter. */
export function scopesExist(names: readonly string[], custom?: CustomScopes): boolean {
  try {
    validateScopes(names, custom);
    return true;
  } catch {
    // not scopes: the caller then tries them as role names (JupyterHub 2.x clients)
    return false;
  }
}

/**
 * Role names a 2.x client may send instead of scopes, as the roles' scopes; `invalid_scope`
 * unless every name is a role (`roles` holds the ones that exist).
 */
export function roleNamesToScopes(
  names: readonly string[],
  roles: ReadonlyMap<string, readonly string[]>,
): string[] {
  if (!names.every((name) => roles.has(name))) throw invalidScope();
  return [...new Set(names.flatMap((name) => roles.get(name) ?? []))];
}

function expand(scopes: Iterable<string>, ctx: ScopeContext): Set<string> {
  return new Set(expandScopes(scopes, ctx.user, ctx.client, ctx.custom));
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/**
 * Which requested raw scopes `have` covers (JupyterHub's `_resolve_requested_scopes`):
 * literal matches first; each other scope is expanded and intersected, filter-aware, with
 * what `have` expands to. Fully covered scopes are allowed as written (so `!server` requested
 * against a held `!user` stays short); partly covered ones add the covered expanded scopes
 * to `allowed` but stay in `disallowed`.
 */
export function resolveRequestedScopes(
  requested: Iterable<string>,
  have: Iterable<string>,
  ctx: ScopeContext,
): { allowed: Set<string>; disallowed: Set<string> } {
  const haveSet = new Set(have);
  const wanted = new Set(requested);
  const allowed = new Set([...wanted].filter((scope) => haveSet.has(scope)));
  const disallowed = new Set([...wanted].filter((scope) => !haveSet.has(scope)));
  if (!disallowed.size) return { allowed, disallowed };
  let expandedAllowed = expand(allowed, ctx);
  const expandedHave = expand(haveSet, ctx);
  for (const scope of [...disallowed]) {
    const missing = new Set([...expand([scope], ctx)].filter((s) => !expandedAllowed.has(s)));
    const covered = missing.size
      ? new Set(intersectScopes(missing, expandedHave, ctx.membersOf))
      : new Set<string>();
    if (sameSet(covered, missing)) {
      allowed.add(scope);
      disallowed.delete(scope);
      expandedAllowed = expand(allowed, ctx);
    } else if (covered.size) {
      for (const s of covered) allowed.add(s);
      expandedAllowed = expand(allowed, ctx);
    }
  }
  return { allowed, disallowed };
}

/**
 * Step 2: the requested raw scopes plus the required ones, which must all lie within what
 * the client may ask for (its allowed scopes plus the required ones); else `invalid_scope`.
 */
export function checkClientScopes(
  requested: readonly string[],
  clientAllowed: readonly string[],
  ctx: ScopeContext,
): string[] {
  const required = requiredScopes(ctx.client);
  const wanted = new Set([...requested, ...required]);
  const { disallowed } = resolveRequestedScopes(
    wanted,
    new Set([...clientAllowed, ...required]),
    ctx,
  );
  if (disallowed.size) throw invalidScope();
  return [...wanted].sort();
}

/**
 * Step 4: what the user can grant of the requested scopes: the part their own raw role
 * scopes (plus `inherit` and the required scopes) cover. Excess is dropped silently.
 */
export function grantableScopes(
  requested: readonly string[],
  userRawScopes: readonly string[],
  ctx: ScopeContext,
): string[] {
  const have = new Set([...userRawScopes, 'inherit', ...requiredScopes(ctx.client)]);
  return [...resolveRequestedScopes(requested, have, ctx).allowed].sort();
}
