/**
 * `Spawner.auth_state_env`: environment variables of a server taken from its user's auth
 * state (e.g. `GITHUB_TOKEN: access_token`), the configuration form of JupyterHub's
 * `Authenticator.pre_spawn_start` / `Spawner.auth_state_hook`. A key is a dotted path into
 * the state; a missing key or a null state sets nothing, objects are passed as JSON.
 */
export function authStateEnv(
  mapping: Readonly<Record<string, string>>,
  state: Record<string, unknown> | null,
): Record<string, string> {
  const env: Record<string, string> = {};
  if (!state) return env;
  for (const [variable, keyPath] of Object.entries(mapping)) {
    let value: unknown = state;
    for (const key of keyPath.split('.')) {
      value =
        value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    }
    if (value === undefined || value === null) continue;
    env[variable] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return env;
}
