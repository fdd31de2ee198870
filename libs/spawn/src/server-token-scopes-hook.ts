/**
 * Scopes a server's API token gets beyond `Spawner.server_token_scopes` (or the `server`
 * role's) for one user: `@orrery/courses` adds what nbgrader needs in a course member's server.
 * Absent, a server token is exactly what it was. A token never holds more than its owner, so
 * these widen nothing the user could not do.
 */
export interface ServerTokenScopesHook {
  extraScopes(user: { id: number; name: string }): Promise<string[]>;
}

export const SERVER_TOKEN_SCOPES_HOOK = Symbol('ServerTokenScopesHook');
