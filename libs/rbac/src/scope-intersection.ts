import {
  FilterSets,
  parseScopes,
  ReadonlyFilterSets,
  ScopeFilters,
  unparseScopes,
} from './parsed-scopes';
import { serverFilterUser } from './scope-filter';

/** Members of a group, for resolving `group=` filters against `user=` / `server=` ones. */
export type MembersOf = (group: string) => ReadonlySet<string>;

function intersectSets(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  return new Set([...small].filter((v) => large.has(v)));
}

function inAnyGroup(user: string, groups: ReadonlySet<string>, membersOf: MembersOf): boolean {
  for (const group of groups) if (membersOf(group).has(user)) return true;
  return false;
}

/**
 * Adds to `common` what one side (`a`) holds under a broader filter of the other (`b`):
 * a server of a user `b` holds, a server or user of a group `b` holds.
 */
function resolveHierarchy(
  a: ReadonlyFilterSets,
  b: ReadonlyFilterSets,
  common: FilterSets,
  membersOf: MembersOf | undefined,
): void {
  for (const server of a.server) {
    if (common.server.has(server)) continue;
    const user = serverFilterUser(server);
    if (b.user.has(user) || (membersOf && b.group.size && inAnyGroup(user, b.group, membersOf))) {
      common.server.add(server);
    }
  }
  if (!membersOf || b.group.size === 0) return;
  for (const user of a.user) {
    if (!common.user.has(user) && inAnyGroup(user, b.group, membersOf)) common.user.add(user);
  }
}

function intersectFilters(
  a: FilterSets,
  b: FilterSets,
  membersOf: MembersOf | undefined,
): FilterSets {
  const common: FilterSets = {
    user: intersectSets(a.user, b.user),
    server: intersectSets(a.server, b.server),
    group: intersectSets(a.group, b.group),
    service: intersectSets(a.service, b.service),
  };
  resolveHierarchy(a, b, common, membersOf);
  resolveHierarchy(b, a, common, membersOf);
  return common;
}

/**
 * Filter-aware intersection of two sets of expanded scopes (section 19.2): what both sides
 * allow. Unfiltered on one side yields the other side's filters; otherwise equal filters
 * are kept, and a `server=u/s` survives against `user=u`. With `membersOf` (the hub has the
 * database) `group=` filters also keep the users and servers of their members; without it
 * (a server's view) they never match a user or server. Sorted.
 */
export function intersectScopes(
  a: Iterable<string>,
  b: Iterable<string>,
  membersOf?: MembersOf,
): string[] {
  const parsedA = parseScopes(a);
  const parsedB = parseScopes(b);
  const result = new Map<string, ScopeFilters>();
  for (const [base, filtersA] of parsedA) {
    const filtersB = parsedB.get(base);
    if (filtersB === undefined) continue;
    if (filtersA === 'all') result.set(base, filtersB);
    else if (filtersB === 'all') result.set(base, filtersA);
    else result.set(base, intersectFilters(filtersA, filtersB, membersOf));
  }
  return unparseScopes(result);
}

/**
 * What a single-user server or service does with `/hub/api/user` scopes
 * (`services/auth.py` `check_scopes`): intersect without group resolution, then keep only
 * scopes literally in `required`. Non-empty means access is granted.
 */
export function checkScopes(required: Iterable<string>, have: Iterable<string>): string[] {
  const wanted = new Set(required);
  return intersectScopes(wanted, have).filter((scope) => wanted.has(scope));
}
