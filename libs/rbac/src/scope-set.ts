import { parseScopes, ParsedScopes, ReadonlyFilterSets, unparseScopes } from './parsed-scopes';
import { serverFilterValue } from './scope-filter';

/** A resource a route acts on; `groups` of a user/server owner let group filters match without I/O. */
export type Resource =
  | { kind: 'user'; name: string; groups?: readonly string[] }
  /** server '' is the default server, filter form 'user/' */
  | { kind: 'server'; user: string; server: string; groups?: readonly string[] }
  | { kind: 'group'; name: string }
  | { kind: 'service'; name: string };

export type CheckResult = 'allowed' | 'not-found' | 'forbidden';

function inAnyGroup(filterGroups: ReadonlySet<string>, groups: readonly string[] | undefined) {
  return filterGroups.size > 0 && (groups ?? []).some((g) => filterGroups.has(g));
}

/** Whether filters held for one base cover a resource (`check_scope_filter`). */
function filtersMatch(filters: ReadonlyFilterSets, resource: Resource): boolean {
  switch (resource.kind) {
    case 'user':
      return filters.user.has(resource.name) || inAnyGroup(filters.group, resource.groups);
    case 'server':
      return (
        filters.server.has(serverFilterValue(resource.user, resource.server)) ||
        filters.user.has(resource.user) ||
        inAnyGroup(filters.group, resource.groups)
      );
    case 'group':
      return filters.group.has(resource.name);
    case 'service':
      return filters.service.has(resource.name);
  }
}

/** A caller's expanded scopes, parsed once for fast repeated checks (one per API request). */
export class ScopeSet {
  readonly scopes: readonly string[];
  private readonly parsed: ParsedScopes;

  constructor(expanded: Iterable<string>) {
    this.parsed = parseScopes(expanded);
    this.scopes = unparseScopes(this.parsed);
  }

  /** Held unfiltered, or with a filter covering `resource` (a server is covered by its user's filter). */
  has(base: string, resource?: Resource): boolean {
    const filters = this.parsed.get(base);
    if (filters === undefined) return false;
    if (filters === 'all') return true;
    return resource !== undefined && filtersMatch(filters, resource);
  }

  /** Any variant of `base` is held: list endpoints (post_filter) then filter their results. */
  hasAnyFilter(base: string): boolean {
    return this.parsed.has(base);
  }

  /**
   * JupyterHub's `needs_scope`: 'allowed' when any of `anyOf` covers the resource;
   * 'not-found' (404, hiding existence) when a listed base is held but only for other
   * resources; otherwise 'forbidden' (403).
   */
  check(anyOf: readonly string[], resource?: Resource): CheckResult {
    if (anyOf.some((base) => this.has(base, resource))) return 'allowed';
    if (resource !== undefined && anyOf.some((base) => this.parsed.has(base))) return 'not-found';
    return 'forbidden';
  }

  /** The filters held for a base: 'all' (unfiltered), the values per kind, or null when not held. */
  filters(base: string): 'all' | ReadonlyFilterSets | null {
    return this.parsed.get(base) ?? null;
  }
}
