import { FILTER_KINDS, FilterKind, parseScope } from './scope-filter';
import { ScopeFilterError } from './rbac-errors';

/** The values held per filter kind for one base scope (section 19.1). */
export type FilterSets = Record<FilterKind, Set<string>>;
export type ReadonlyFilterSets = { readonly [K in FilterKind]: ReadonlySet<string> };

/** 'all' when the base is held unfiltered, which absorbs every filtered variant. */
export type ScopeFilters = 'all' | FilterSets;
export type ParsedScopes = Map<string, ScopeFilters>;

export function emptyFilterSets(): FilterSets {
  return { user: new Set(), server: new Set(), group: new Set(), service: new Set() };
}

/** Parses expanded scopes (no bare filters, no `self`) into base -> filters. */
export function parseScopes(expanded: Iterable<string>): ParsedScopes {
  const parsed: ParsedScopes = new Map();
  for (const scope of expanded) {
    const { base, filter } = parseScope(scope);
    if (filter === null) {
      parsed.set(base, 'all');
      continue;
    }
    if (filter.value === null) {
      throw new ScopeFilterError(`Unexpanded scope filter in ${scope}; expand scopes first`);
    }
    let filters = parsed.get(base);
    if (filters === 'all') continue;
    if (filters === undefined) {
      filters = emptyFilterSets();
      parsed.set(base, filters);
    }
    filters[filter.kind].add(filter.value);
  }
  return parsed;
}

/** Serialises back to `base` / `base!kind=value` strings, sorted. */
export function unparseScopes(parsed: ReadonlyMap<string, ScopeFilters>): string[] {
  const scopes: string[] = [];
  for (const [base, filters] of parsed) {
    if (filters === 'all') {
      scopes.push(base);
      continue;
    }
    for (const kind of FILTER_KINDS) {
      for (const value of filters[kind]) scopes.push(`${base}!${kind}=${value}`);
    }
  }
  return scopes.sort();
}

/** Drops filtered variants of any base also held unfiltered, and duplicates. */
export function reduceScopes(expanded: Iterable<string>): string[] {
  return unparseScopes(parseScopes(expanded));
}
