import { HubError } from '@orrery/core';
import type { ReadonlyFilterSets } from '@orrery/rbac';
import { pythonRepr } from '../http/python-values';

export type UserState = 'active' | 'ready' | 'inactive';
export type UserSortKey = 'id' | 'name' | 'last_activity';

/** What `GET /users` was asked for, validated (JupyterHub's order of checks and messages). */
export interface UserListQuery {
  state: UserState | null;
  sort: { key: UserSortKey; descending: boolean };
  /** case-insensitive substring of the name */
  nameFilter: string | null;
  includeStoppedServers: boolean;
}

/** Which users a `list:users` holder may list: everyone, or those named or in the groups. */
export type ListableUsers = 'all' | { names: string[]; groups: string[] };

const SORT_KEYS: readonly string[] = ['id', 'name', 'last_activity'];
const STATES: readonly string[] = ['active', 'ready', 'inactive'];

function single(value: unknown): string | undefined {
  // a repeated query argument: tornado's get_argument takes the last one
  if (Array.isArray(value)) return value.length ? String(value[value.length - 1]) : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** JupyterHub's `include_stopped_servers`: present and not `0`/`false` (an empty value counts). */
export function includeStoppedServers(query: Record<string, unknown>): boolean {
  const value = single(query.include_stopped_servers);
  return value !== undefined && !['0', 'false'].includes(value.toLowerCase());
}

export function parseUserListQuery(query: Record<string, unknown>): UserListQuery {
  const sortParam = single(query.sort) ?? 'id';
  const descending = sortParam.startsWith('-');
  const key = descending ? sortParam.slice(1) : sortParam;
  if (!SORT_KEYS.includes(key)) {
    throw new HubError(400, `sort must be 'id', 'name', or 'last_activity', not '${sortParam}'`);
  }
  const state = single(query.state) || null;
  if (state !== null && !STATES.includes(state)) {
    throw new HubError(400, `Unrecognized state filter: ${pythonRepr(state)}`);
  }
  return {
    state: state as UserState | null,
    sort: { key: key as UserSortKey, descending },
    nameFilter: single(query.name_filter) || null,
    includeStoppedServers: includeStoppedServers(query),
  };
}

/**
 * The users a caller's `list:users` filters cover. Only `user=` and `group=` filters can
 * select users; any other kind (e.g. `server=`) must not widen to everyone, so it is refused.
 */
export function listableUsers(filters: 'all' | ReadonlyFilterSets | null): ListableUsers {
  if (filters === 'all') return 'all';
  if (filters === null)
    throw new HubError(
      403,
      'Action is not authorized with current scopes; requires any of [list:users]',
    );
  const invalid = (['server', 'service'] as const).filter((kind) => filters[kind].size > 0);
  if (invalid.length) {
    throw new HubError(403, `Invalid filter on list:users: ${invalid.join(', ')}`);
  }
  return { names: [...filters.user], groups: [...filters.group] };
}
