import { AgentError } from './agent-error';
import { CredentialsStore } from './credentials-store';
import { deviceLogin } from './device-login';
import { whoami } from './hub-client';
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
  deps.store.write({ hub: hub.href, user: name, token: issued.token, expiresAt });
  deps.print(`Logged in to ${hub.href} as ${name}.`);
}

/**
 * The hub and token a command uses: `--token` or `$ORRERY_REMOTE_TOKEN` (scripts, batch
 * jobs) before the stored login; `--hub` or `$ORRERY_REMOTE_HUB` before the stored hub.
 */
export function credentials(
  options: CommandOptions,
  deps: CommandDeps,
): { hub: URL; token: string } | null {
  const token = options.token ?? deps.env.ORRERY_REMOTE_TOKEN;
  const stored = token ? null : deps.store.read();
  const typedHub = options.hub ?? deps.env.ORRERY_REMOTE_HUB ?? stored?.hub;
  if (!token && !stored) return null;
  if (!typedHub) throw new AgentError('A token without a hub: give --hub <the hub URL>');
  return { hub: hubUrl(typedHub), token: token ?? (stored as { token: string }).token };
}

/** `status`: who the token is for, checked at the hub. */
export async function status(options: CommandOptions, deps: CommandDeps): Promise<void> {
  const found = credentials(options, deps);
  if (!found) throw new AgentError('Not logged in: run orrery-remote login --hub <url>');
  const { name } = await whoami(found.hub, found.token, deps.fetch);
  deps.print(`Logged in to ${found.hub.href} as ${name}.`);
}

/** `logout`: forgets the stored token. */
export function logout(_options: CommandOptions, deps: CommandDeps): void {
  deps.print(deps.store.remove() ? 'Logged out.' : 'Not logged in.');
}
