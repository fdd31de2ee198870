import { ScopeFilterError, ScopeNotFoundError } from './rbac-errors';

/**
 * The `base!kind=value` syntax. `server` values are `<user>/<server>`, the default server
 * being `<user>/` (trailing slash, empty name). Bare `!user`, `!service`, `!server` refer to
 * the owner or issuing client and exist only before expansion; there is no bare `!group`.
 */
export type FilterKind = 'user' | 'server' | 'group' | 'service';
export type BareFilterKind = Exclude<FilterKind, 'group'>;

export const FILTER_KINDS: readonly FilterKind[] = ['user', 'server', 'group', 'service'];

export type ScopeFilter =
  | { kind: FilterKind; value: string }
  /** a bare filter, resolved against the owner or client during expansion */
  | { kind: BareFilterKind; value: null };

export interface ParsedScope {
  base: string;
  filter: ScopeFilter | null;
}

const BARE_KINDS: ReadonlySet<string> = new Set<BareFilterKind>(['user', 'server', 'service']);

function isFilterKind(kind: string): kind is FilterKind {
  return (FILTER_KINDS as readonly string[]).includes(kind);
}

/** Splits at the first `!` without judging either half. */
export function splitScope(scope: string): { base: string; filter: string | null } {
  const bang = scope.indexOf('!');
  if (bang < 0) return { base: scope, filter: null };
  return { base: scope.slice(0, bang), filter: scope.slice(bang + 1) };
}

/**
 * Parses one scope; the base is not looked up here (see validateScopes).
 * Throws ScopeNotFoundError for an unknown filter kind or a bare `!group`,
 * ScopeFilterError for an empty value.
 */
export function parseScope(scope: string): ParsedScope {
  const { base, filter } = splitScope(scope);
  if (filter === null) return { base, filter: null };
  const eq = filter.indexOf('=');
  const kind = eq < 0 ? filter : filter.slice(0, eq);
  if (eq < 0) {
    if (!BARE_KINDS.has(kind)) {
      throw new ScopeNotFoundError(`Scope filter '!${filter}' in scope '${scope}' does not exist`);
    }
    return { base, filter: { kind: kind as BareFilterKind, value: null } };
  }
  if (!isFilterKind(kind)) {
    throw new ScopeNotFoundError(`Scope filter '!${filter}' in scope '${scope}' does not exist`);
  }
  const value = filter.slice(eq + 1);
  if (value === '') {
    throw new ScopeFilterError(`Empty string is not a valid filter: ${scope}`);
  }
  return { base, filter: { kind, value } };
}

export function formatScope(parsed: ParsedScope): string {
  const { base, filter } = parsed;
  if (filter === null) return base;
  return filter.value === null
    ? `${base}!${filter.kind}`
    : `${base}!${filter.kind}=${filter.value}`;
}

/** The filter value naming one server: `alice/` is alice's default server. */
export function serverFilterValue(user: string, server: string): string {
  return `${user}/${server}`;
}

/** The user a `server=` value belongs to (text before the first `/`). */
export function serverFilterUser(value: string): string {
  const slash = value.indexOf('/');
  return slash < 0 ? value : value.slice(0, slash);
}
