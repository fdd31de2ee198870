/**
 * What the hub sends a remote server: only JupyterHub's own variables (the agent keeps its
 * machine's PATH, HOME and the rest), with the hub API's URLs pointed at the agent's local
 * forward, since the remote machine cannot reach the hub's internal address.
 */
export function remoteServerEnv(
  env: Record<string, string>,
  agentApiPort: number,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (key.startsWith('JUPYTERHUB_') || key.startsWith('JPY_')) out[key] = value;
  for (const key of ['JUPYTERHUB_API_URL', 'JUPYTERHUB_ACTIVITY_URL']) {
    if (!out[key]) continue;
    const url = new URL(out[key]);
    out[key] = `http://127.0.0.1:${agentApiPort}${url.pathname}${url.search}`;
  }
  return out;
}
