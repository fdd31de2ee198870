/**
 * Environment a user's server gets beyond `Spawner.environment`, for one user: `@orrery/courses`
 * points a course member's server at nbgrader's configuration for their role. Absent, a
 * server's environment is exactly what it was.
 */
export interface ServerEnvHook {
  extraEnv(user: { id: number; name: string }): Promise<Record<string, string>>;
}

export const SERVER_ENV_HOOK = Symbol('ServerEnvHook');
