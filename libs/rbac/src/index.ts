export { SCOPE_TABLE, SCOPE_DEFINITIONS, isBuiltinScope } from './scope-table';
export type { Scope, ScopeDefinition } from './scope-table';
export {
  ScopeNotFoundError,
  ScopeFilterError,
  CustomScopeError,
  InvalidRoleNameError,
  RoleValueError,
} from './rbac-errors';
export {
  FILTER_KINDS,
  parseScope,
  formatScope,
  splitScope,
  serverFilterValue,
  serverFilterUser,
} from './scope-filter';
export type { FilterKind, BareFilterKind, ScopeFilter, ParsedScope } from './scope-filter';
export { parseScopes, unparseScopes, reduceScopes } from './parsed-scopes';
export type { FilterSets, ReadonlyFilterSets, ScopeFilters, ParsedScopes } from './parsed-scopes';
export { CUSTOM_SCOPE_PATTERN, validateCustomScopes } from './custom-scopes';
export type { CustomScopes } from './custom-scopes';
export { validateScopes, scopeExists } from './scope-validation';
export {
  defaultRoles,
  validateRole,
  validateRoleName,
  isDefaultRoleName,
  resolveConfiguredRoles,
  ROLE_NAME_PATTERN,
} from './default-roles';
export type { RoleDef, RoleSpec } from './default-roles';
export {
  expandScopes,
  subscopeClosure,
  selfScopes,
  identifyScopes,
  accessScopes,
  HUB_CLIENT_ID,
} from './scope-expansion';
export type { ScopeOwner, OAuthClientRef } from './scope-expansion';
export { intersectScopes, checkScopes } from './scope-intersection';
export type { MembersOf } from './scope-intersection';
export { tokenEffectiveScopes } from './token-scopes';
export type { TokenScopeArgs } from './token-scopes';
export { ScopeSet } from './scope-set';
export type { Resource, CheckResult } from './scope-set';
export { filterUserModel, filterGroupModel, filterServiceModel } from './model-filter';
