import * as net from 'node:net';
import { AgentError } from './agent-error';
import { CommandDeps, CommandOptions, credentials } from './commands';
import { newHostKey, usableHostKey } from './host-key';
import { whoami } from './hub-client';
import { hubEndpoint } from './hub-url';
import { runSingleuser } from './singleuser-process';
import { dialTunnel } from './tunnel-dial';
import { hostTunnel, RunningServer } from './tunnel-host';

export interface StartOptions extends CommandOptions {
  server?: string;
  /** after `--`: passed to jupyterhub-singleuser */
  extraArgs?: string[];
}

export interface StartDeps extends CommandDeps {
  /** resolves on Ctrl-C (SIGINT) or SIGTERM */
  interrupted: Promise<void>;
  runServer?: typeof runSingleuser;
}

/** A port free on this machine's loopback now, for the notebook to listen on. */
async function freeLoopbackPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

function serverPath(user: string, server: string): string {
  const base = `api/users/${encodeURIComponent(user)}`;
  return server ? `${base}/servers/${encodeURIComponent(server)}` : `${base}/server`;
}

async function hubCall(
  deps: CommandDeps,
  url: URL,
  method: 'POST' | 'DELETE',
  token: string,
): Promise<void> {
  const response = await deps.fetch(url, {
    method,
    headers: { Authorization: `token ${token}` },
    redirect: 'error',
  });
  if (response.ok) return;
  const body = (await response.json().catch(() => ({}))) as { message?: unknown };
  const why = typeof body.message === 'string' ? body.message : `HTTP ${response.status}`;
  throw new AgentError(`The hub answered ${method} ${url.pathname}: ${why}`);
}

/**
 * `start --hub <url> [--server <name>] [-- <singleuser args>]`: opens the tunnel, asks the
 * hub for the server, runs `jupyterhub-singleuser` when the hub sends its variables, and
 * ends when the hub stops the server, the tunnel ends, or on Ctrl-C (which stops the server
 * at the hub too).
 */
export async function start(options: StartOptions, deps: StartDeps): Promise<void> {
  const found = credentials(options, deps);
  if (!found) throw new AgentError('Not logged in: run orrery-remote login --hub <url>');
  const { name } = await whoami(found.hub, found.token, deps.fetch);
  const server = options.server ?? '';
  const notebookPort = await freeLoopbackPort();
  const stream = await dialTunnel({ hub: found.hub, token: found.token, server, notebookPort });
  let running: RunningServer | null = null;
  const run = deps.runServer ?? runSingleuser;
  const host = hostTunnel(stream, {
    // a login's key, unless it is one of those ssh2 cannot read back (stored before the check)
    hostKey: usableHostKey(found.hostKey) ? found.hostKey : newHostKey(),
    notebookPort,
    log: (line) => deps.print(`orrery-remote: ${line}`),
    runServer: (env) => {
      deps.print('Starting jupyterhub-singleuser with the hub’s settings...');
      running = run(env, options.extraArgs ?? []);
      return running;
    },
  });
  await host.apiPort;
  const url = hubEndpoint(found.hub, serverPath(name, server));
  deps.print(`Tunnel open. Asking ${found.hub.origin} to start the server...`);
  await hubCall(deps, url, 'POST', found.token).catch((error: unknown) => {
    host.close();
    throw error;
  });
  const prefix = `user/${encodeURIComponent(name)}/${server ? `${encodeURIComponent(server)}/` : ''}`;
  deps.print(`Your server: ${new URL(prefix, found.hub).href}`);
  const ended = await Promise.race([
    host.closed.then(() => 'tunnel' as const),
    deps.interrupted.then(() => 'interrupted' as const),
  ]);
  if (ended === 'interrupted') {
    deps.print('Stopping the server...');
    await hubCall(deps, url, 'DELETE', found.token).catch((error: Error) =>
      deps.print(`orrery-remote: ${error.message}`),
    );
  }
  const process = running as RunningServer | null;
  process?.stop();
  host.close();
  const code = process ? await process.exited : null;
  deps.print(ended === 'tunnel' ? 'The hub stopped the server.' : 'Stopped.');
  if (code !== null && code !== 0 && ended === 'tunnel')
    deps.print(`(jupyterhub-singleuser exit status ${code})`);
}
