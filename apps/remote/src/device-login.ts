import { AgentError } from './agent-error';
import { hubEndpoint } from './hub-url';

/** The agent's OAuth client at the hub (a public client: it has no secret). */
export const CLIENT_ID = 'orrery-remote';
const DEVICE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';

export interface DeviceLoginDeps {
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
  print: (line: string) => void;
}

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

interface OAuthBody {
  error?: string;
  error_description?: string;
  [key: string]: unknown;
}

async function postForm(
  deps: DeviceLoginDeps,
  url: URL,
  fields: Record<string, string>,
): Promise<{ status: number; body: OAuthBody }> {
  let response: Response;
  try {
    response = await deps.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'error',
    });
  } catch (error) {
    throw new AgentError(`Cannot reach the hub at ${url.origin}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => ({}))) as OAuthBody;
  return { status: response.status, body };
}

function refusal(body: OAuthBody): string {
  return body.error_description ? `${body.error}: ${body.error_description}` : String(body.error);
}

/**
 * RFC 8628 from the device's side: asks for codes, prints where to confirm, and polls the
 * token endpoint at the interval the hub gave (5 s more after each `slow_down`) until the
 * person approves, denies, or the code expires.
 */
export async function deviceLogin(hub: URL, deps: DeviceLoginDeps): Promise<IssuedToken> {
  const start = await postForm(deps, hubEndpoint(hub, 'api/oauth2/device_authorization'), {
    client_id: CLIENT_ID,
  });
  if (start.status !== 200)
    throw new AgentError(`The hub refused the device login (${refusal(start.body)})`);
  const deviceCode = String(start.body.device_code);
  let interval = Number(start.body.interval) || 5;
  let remaining = Number(start.body.expires_in) || 600;
  deps.print(`Open ${String(start.body.verification_uri_complete)}`);
  deps.print(`and confirm the code ${String(start.body.user_code)} (valid ${remaining} s).`);
  while (remaining > 0) {
    await deps.sleep(interval * 1000);
    remaining -= interval;
    const polled = await postForm(deps, hubEndpoint(hub, 'api/oauth2/token'), {
      grant_type: DEVICE_GRANT_TYPE,
      client_id: CLIENT_ID,
      device_code: deviceCode,
    });
    if (polled.status === 200)
      return { token: String(polled.body.access_token), expiresIn: Number(polled.body.expires_in) };
    if (polled.body.error === 'authorization_pending') continue;
    if (polled.body.error === 'slow_down') {
      interval += 5;
      continue;
    }
    if (polled.body.error === 'access_denied')
      throw new AgentError('The login was denied on the hub.');
    if (polled.body.error === 'expired_token') break;
    throw new AgentError(`The hub refused the login (${refusal(polled.body)})`);
  }
  throw new AgentError('The code expired before it was confirmed: run login again.');
}
