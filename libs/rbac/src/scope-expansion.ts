import { CustomScopes, isCustomScope } from './custom-scopes';
import { reduceScopes } from './parsed-scopes';
import { ScopeNotFoundError } from './rbac-errors';
import { BareFilterKind, parseScope, serverFilterValue } from './scope-filter';
import { isBuiltinScope, Scope, SCOPE_DEFINITIONS } from './scope-table';

/** Who holds scopes: the owner of a token, or the bearer of roles. */
export interface ScopeOwner {
  kind: 'user' | 'service';
  name: string;
}

/** The issuing OAuth client of a token, for bare !server / !service and access scopes. */
export interface OAuthClientRef {
  identifier: string;
  spawner?: { user: string; server: string };
  service?: string;
}

/** The built-in client of plain API tokens; it grants no access scope. */
export const HUB_CLIENT_ID = 'jupyterhub';

function builtinClosure(scope: Scope, into: Set<string>): Set<string> {
  into.add(scope);
  for (const sub of SCOPE_DEFINITIONS[scope].subscopes ?? []) builtinClosure(sub, into);
  return into;
}

/** Computed once: expansion is on every request and the table never changes. */
const BUILTIN_CLOSURES: ReadonlyMap<string, readonly string[]> = new Map(
  (Object.keys(SCOPE_DEFINITIONS) as Scope[]).map((s) => [
    s,
    [...builtinClosure(s, new Set())].sort(),
  ]),
);

function customClosure(scope: string, custom: CustomScopes, into: Set<string>): Set<string> {
  if (into.has(scope)) return into;
  into.add(scope);
  for (const sub of custom[scope].subscopes ?? []) {
    if (!isCustomScope(sub, custom)) throw new ScopeNotFoundError(`Scope '${sub}' does not exist`);
    customClosure(sub, custom, into);
  }
  return into;
}

/** The scope itself and everything it implies, recursively, sorted. */
export function subscopeClosure(base: string, custom?: CustomScopes): readonly string[] {
  const builtin = isBuiltinScope(base) ? BUILTIN_CLOSURES.get(base) : undefined;
  if (builtin) return builtin;
  if (custom && isCustomScope(base, custom))
    return [...customClosure(base, custom, new Set())].sort();
  if (base === 'all') throw new ScopeNotFoundError("Draft scope 'all' is now called 'inherit'");
  throw new ScopeNotFoundError(`Scope '${base}' does not exist`);
}

/** What the `self` metascope grants a user, before the `!user=<name>` filter. */
const SELF_ROOTS: readonly Scope[] = [
  'read:users',
  'users:shares',
  'read:shares',
  'users:activity',
  'servers',
  'tokens',
  'access:servers',
];
const SELF_BASES: readonly string[] = [
  ...new Set(SELF_ROOTS.flatMap((s) => subscopeClosure(s))),
].sort();

/** `self` for user `name`: every scope of SELF_ROOTS' closure, filtered to that user. */
export function selfScopes(name: string): string[] {
  return SELF_BASES.map((base) => `${base}!user=${name}`);
}

/** The scopes that let an owner read its own identity (`GET /hub/api/user`). */
export function identifyScopes(owner: ScopeOwner): string[] {
  if (owner.kind === 'service') return [`read:services:name!service=${owner.name}`];
  return [`read:users:groups!user=${owner.name}`, `read:users:name!user=${owner.name}`];
}

/** The right to reach what issued an OAuth token: its server or its service. */
export function accessScopes(client: OAuthClientRef): string[] {
  if (client.identifier === HUB_CLIENT_ID) return [];
  if (client.spawner) {
    const { user, server } = client.spawner;
    return [`access:servers!server=${serverFilterValue(user, server)}`];
  }
  if (client.service !== undefined) return [`access:services!service=${client.service}`];
  return [];
}

/** Values that bare filters stand for; null when there is nothing to refer to. */
function bareFilterValues(
  owner: ScopeOwner | undefined,
  client: OAuthClientRef | undefined,
): Record<BareFilterKind, string | null> {
  const values: Record<BareFilterKind, string | null> = { user: null, service: null, server: null };
  if (owner?.kind === 'user') values.user = owner.name;
  if (owner?.kind === 'service') values.service = owner.name;
  // The issuing client wins over the owner: a token a service issued for a user refers to it.
  if (client?.service !== undefined) values.service = client.service;
  else if (client?.spawner)
    values.server = serverFilterValue(client.spawner.user, client.spawner.server);
  return values;
}

/** Remembers recent expansions: a hub expands the same few role and token scope lists all day. */
const CACHE_LIMIT = 2048;
const NO_CUSTOM: CustomScopes = {};
const expansionCaches = new WeakMap<CustomScopes, Map<string, readonly string[]>>();

function cacheKey(raw: readonly string[], owner?: ScopeOwner, client?: OAuthClientRef): string {
  const spawner = client?.spawner
    ? serverFilterValue(client.spawner.user, client.spawner.server)
    : '';
  // JSON keeps the parts apart whatever characters a name holds: a collision would hand
  // one owner's expansion to another.
  return JSON.stringify([
    owner?.kind,
    owner?.name,
    client?.identifier,
    spawner,
    client?.service,
    raw,
  ]);
}

/**
 * Expands raw scopes: adds every subscope with the filter re-applied (skipping `read:user*`
 * subscopes under a server filter: `read:servers!server=a/x` does not reveal user names),
 * resolves bare filters from the owner and issuing client (dropping those that cannot be
 * resolved), replaces `self` for users (services get nothing from it) and reduces.
 * Returns sorted, deduplicated scopes; throws ScopeNotFoundError for an unknown scope.
 * Results are memoised, so a `custom` table must not be changed after first use.
 */
export function expandScopes(
  raw: Iterable<string>,
  owner?: ScopeOwner,
  client?: OAuthClientRef,
  custom?: CustomScopes,
): string[] {
  const table = custom ?? NO_CUSTOM;
  let cache = expansionCaches.get(table);
  if (cache === undefined) {
    cache = new Map();
    expansionCaches.set(table, cache);
  }
  const scopes = [...raw];
  const key = cacheKey(scopes, owner, client);
  let expanded = cache.get(key);
  if (expanded === undefined) {
    expanded = expandUncached(scopes, owner, client, custom);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  } else {
    cache.delete(key);
  }
  cache.set(key, expanded);
  return [...expanded];
}

function expandUncached(
  raw: readonly string[],
  owner: ScopeOwner | undefined,
  client: OAuthClientRef | undefined,
  custom: CustomScopes | undefined,
): string[] {
  const expanded = new Set<string>();
  let wantsSelf = false;
  let bare: Record<BareFilterKind, string | null> | undefined;
  for (const scope of raw) {
    if (scope === 'self') {
      wantsSelf = true;
      continue;
    }
    const { base, filter } = parseScope(scope);
    const closure = subscopeClosure(base, custom);
    if (filter === null) {
      for (const name of closure) expanded.add(name);
      continue;
    }
    bare ??= bareFilterValues(owner, client);
    const value = filter.value ?? bare[filter.kind as BareFilterKind];
    if (value === null) continue;
    for (const name of closure) {
      if (filter.kind === 'server' && name.startsWith('read:user')) continue;
      expanded.add(`${name}!${filter.kind}=${value}`);
    }
  }
  if (wantsSelf && owner?.kind === 'user') {
    for (const scope of selfScopes(owner.name)) expanded.add(scope);
  }
  return reduceScopes(expanded);
}
