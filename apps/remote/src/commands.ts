import { AgentError } from './agent-error';
import { CredentialsStore, StoredLogin } from './credentials-store';
import { deviceLogin } from './device-login';
import { revokeToken, whoami } from './hub-client';
import { newHostKey } from './host-key';
import { hubUrl } from './hub-url';

export interface CommandOptions {
  hub?: string;
  token?: string;
}

export interface CommandDeps {
  store: CredentialsStore;
  env: NodeJS.ProcessEnv;
  print: (line: string) => void;
  now: () => Date;
  fetch: typeof fetch;
  sleep: (ms: number) => Promise<void>;
}

/** `login --hub <url>`: the device login, then the token stored for the next commands. */
export async function login(options: CommandOptions, deps: CommandDeps): Promise<void> {
  const typed = options.hub ?? deps.env.ORRERY_REMOTE_HUB;
  if (!typed) throw new AgentError('login needs --hub <the hub URL>');
  const hub = hubUrl(typed);
  const issued = await deviceLogin(hub, deps);
  const { name } = await whoami(hub, issued.token, deps.fetch);
  const expiresAt = new Date(deps.now().getTime() + issued.expiresIn * 1000).toISOString();
  // one host key per login: the hub pins it, so only this login's agent can hold a server
  const hostKey = newHostKey();
  deps.store.write({ hub: hub.href, user: name, token: issued.token, expiresAt, hostKey });
  deps.print(`Logged in to ${hub.href} as ${name}.`);
}

/**
 * The hub and token a command uses: `--token` or `$ORRERY_REMOTE_TOKEN` (scripts, batch
 * jobs) before the stored login; `--hub` or `$ORRERY_REMOTE_HUB` before the stored hub.
 */
export function credentials(
  options: CommandOptions,
  deps: CommandDeps,
): { hub: URL; token: string; hostKey?: string } | null {
  const token = options.token ?? deps.env.ORRERY_REMOTE_TOKEN;
  const stored = token ? null : deps.store.read();
  const typedHub = options.hub ?? deps.env.ORRERY_REMOTE_HUB ?? stored?.hub;
  if (!token && !stored) return null;
  if (!typedHub) throw new AgentError('A token without a hub: give --hub <the hub URL>');
  return {
    hub: hubUrl(typedHub),
    token: token ?? (stored as StoredLogin).token,
    hostKey: stored?.hostKey,
  };
}

/** `status`: who the token is for, checked at the hub. */
export async function status(options: CommandOptions, deps: CommandDeps): Promise<void> {
  const found = credentials(options, deps);
  if (!found) throw new AgentError('Not logged in: run orrery-remote login --hub <url>');
  const { name } = await whoami(found.hub, found.token, deps.fetch);
  deps.print(`Logged in to ${found.hub.href} as ${name}.`);
}

/**
 * `logout`: revokes the stored token at the hub, then forgets it. The file goes even when the
 * hub cannot be reached (or the file was refused as readable by others), and then the
 * message says the token still works until it expires, so nobody believes it is dead.
 */
export async function logout(_options: CommandOptions, deps: CommandDeps): Promise<void> {
  let stored: StoredLogin | null = null;
  let unreadable: AgentError | null = null;
  try {
    stored = deps.store.read();
  } catch (error) {
    if (!(error instanceof AgentError)) throw error;
    unreadable = error;
  }
  const revokeError = stored
    ? await revokeToken(hubUrl(stored.hub), stored.token, deps.fetch).then(
        () => null,
        (error: unknown) => error as Error,
      )
    : null;
  const removed = deps.store.remove();
  if (unreadable)
    throw new AgentError(
      `${unreadable.message}; removed it, revoke the token on the hub's token page`,
    );
  if (revokeError)
    throw new AgentError(
      `Forgot the login, but could not revoke it (${revokeError.message}): it works until ${stored?.expiresAt}`,
    );
  deps.print(removed ? 'Logged out (the token is revoked at the hub).' : 'Not logged in.');
}
