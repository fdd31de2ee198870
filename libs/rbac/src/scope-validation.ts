import { CustomScopes, isCustomScope } from './custom-scopes';
import { ScopeNotFoundError } from './rbac-errors';
import { parseScope, splitScope } from './scope-filter';
import { isBuiltinScope } from './scope-table';

/** True when `name` is a built-in scope or one of the configured custom scopes. */
export function scopeExists(name: string, custom?: CustomScopes): boolean {
  return isBuiltinScope(name) || isCustomScope(name, custom);
}

/**
 * Checks raw scopes (role or token definitions, OAuth requests): every base exists and
 * every filter is well formed (bare `!user`/`!service`/`!server` are allowed here).
 * `whoFor` ("role x") only makes the message clearer.
 */
export function validateScopes(
  scopes: Iterable<string>,
  custom?: CustomScopes,
  whoFor?: string,
): void {
  const suffix = whoFor ? ` for ${whoFor}` : '';
  for (const scope of scopes) {
    const { base } = splitScope(scope);
    if (!scopeExists(base, custom)) {
      if (base === 'all') throw new ScopeNotFoundError("Draft scope 'all' is now called 'inherit'");
      throw new ScopeNotFoundError(`Scope '${scope}'${suffix} does not exist`);
    }
    parseScope(scope);
  }
}
