import { AgentError } from './agent-error';
import { hubEndpoint } from './hub-url';

/** Who a token belongs to (`GET /hub/api/user`); a clear message when the hub refuses it. */
export async function whoami(
  hub: URL,
  token: string,
  fetchImpl: typeof fetch = fetch,
): Promise<{ name: string }> {
  let response: Response;
  try {
    response = await fetchImpl(hubEndpoint(hub, 'api/user'), {
      headers: { Authorization: `token ${token}` },
      redirect: 'error',
    });
  } catch (error) {
    throw new AgentError(`Cannot reach the hub at ${hub.origin}: ${(error as Error).message}`);
  }
  if (response.status === 401 || response.status === 403)
    throw new AgentError(
      `The hub refused the token (expired or revoked): run orrery-remote login --hub ${hub.href}`,
    );
  if (!response.ok)
    throw new AgentError(`The hub answered ${response.status} to GET /hub/api/user`);
  const body = (await response.json()) as { name?: unknown };
  if (typeof body.name !== 'string') throw new AgentError('The hub did not name the token user');
  return { name: body.name };
}
