import { CustomScopes, isBuiltinScope, SCOPE_DEFINITIONS, splitScope } from '@orrery/rbac';

/** One line of the confirmation page: what a scope allows and on what. */
export interface ScopeDescription {
  scope: string | null;
  description: string;
  /** '' (everything), 'only you', 'server alice/lab', 'users in group staff' */
  filter: string;
}

function descriptionOf(base: string, custom?: CustomScopes): string {
  if (isBuiltinScope(base)) return SCOPE_DEFINITIONS[base].description;
  return custom?.[base]?.description ?? base;
}

function filterText(filter: string | null, username: string): string {
  if (!filter) return '';
  if (filter === 'user') return 'only you';
  const eq = filter.indexOf('=');
  const kind = eq < 0 ? filter : filter.slice(0, eq);
  const value = eq < 0 ? '' : filter.slice(eq + 1);
  if (kind === 'user' && value === username) return 'only you';
  return `${kind === 'group' ? 'users in group' : kind} ${value}`;
}

/**
 * What the confirmation page lists: the granted raw scopes except the required ones (a
 * client need not ask to reach itself). Nothing left reads as "identify"; `inherit` stands
 * alone, since it means everything.
 */
export function describeScopes(
  granted: readonly string[],
  required: readonly string[],
  username: string,
  custom?: CustomScopes,
): ScopeDescription[] {
  const shown = granted.filter((scope) => !required.includes(scope));
  if (!shown.length) {
    return [{ scope: null, description: SCOPE_DEFINITIONS['(no_scope)'].description, filter: '' }];
  }
  if (shown.includes('inherit')) {
    return [{ scope: 'inherit', description: SCOPE_DEFINITIONS.inherit.description, filter: '' }];
  }
  return shown.map((raw) => {
    const { base, filter } = splitScope(raw);
    return {
      scope: base,
      description: descriptionOf(base, custom),
      filter: filterText(filter, username),
    };
  });
}
