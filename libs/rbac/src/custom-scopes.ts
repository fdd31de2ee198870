import { CustomScopeError } from './rbac-errors';
import { isBuiltinScope } from './scope-table';

/** `JupyterHub.custom_scopes`: extra scopes an admin defines, e.g. for a service. */
export interface CustomScopes {
  [name: string]: { description: string; subscopes?: string[] };
}

/** Only lowercase ascii, digits and `-_:*`; starts with a letter or digit after `custom:`. */
export const CUSTOM_SCOPE_PATTERN = /^custom:[a-z0-9][a-z0-9_\-*:]+[a-z0-9_*]$/;

export function isCustomScope(name: string, custom: CustomScopes | undefined): boolean {
  return custom !== undefined && Object.hasOwn(custom, name);
}

/**
 * Checks a custom scope table as JupyterHub's `define_custom_scopes` does: names match
 * CUSTOM_SCOPE_PATTERN (so no built-in can be redefined), each has a description, and
 * subscopes are a list of other custom scopes of the same table.
 */
export function validateCustomScopes(custom: CustomScopes): void {
  for (const [name, definition] of Object.entries(custom)) {
    if (isBuiltinScope(name)) {
      throw new CustomScopeError(`Cannot redefine built-in scope ${name}`);
    }
    if (!CUSTOM_SCOPE_PATTERN.test(name)) {
      throw new CustomScopeError(
        `Invalid scope name: '${name}'. Custom scopes start with 'custom:', then a lowercase` +
          ' letter or digit, contain only lowercase ascii letters, digits and -_:*, and do not end' +
          ' with - or :',
      );
    }
    if (typeof definition?.description !== 'string') {
      throw new CustomScopeError(`scope ${name} is missing its 'description'`);
    }
    const subscopes: unknown = definition.subscopes;
    if (subscopes === undefined) continue;
    if (!Array.isArray(subscopes) || !subscopes.every((s) => typeof s === 'string')) {
      throw new CustomScopeError(`subscopes of ${name} must be a list of scope strings`);
    }
    for (const subscope of subscopes as string[]) {
      if (Object.hasOwn(custom, subscope)) continue;
      if (isBuiltinScope(subscope)) {
        throw new CustomScopeError(
          `non-custom subscope ${subscope} in ${name} is not allowed: custom scopes may only have` +
            ' custom subscopes; use a role to grant several scopes together',
        );
      }
      throw new CustomScopeError(`subscope ${subscope} in ${name} is not defined`);
    }
  }
}
