/** A scope, or a filter kind, that is neither built in nor a configured custom scope. */
export class ScopeNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScopeNotFoundError';
  }
}

/** A filter that is well named but malformed, such as an empty value (`read:users!user=`). */
export class ScopeFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScopeFilterError';
  }
}

/** `JupyterHub.custom_scopes` breaks the rules for custom scopes. */
export class CustomScopeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CustomScopeError';
  }
}

/** A role name outside `^[a-z][a-z0-9\-_~.]{1,253}[a-z0-9]$`. */
export class InvalidRoleNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidRoleNameError';
  }
}

/** A role definition JupyterHub refuses: the admin role redefined, a role defined twice. */
export class RoleValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RoleValueError';
  }
}
