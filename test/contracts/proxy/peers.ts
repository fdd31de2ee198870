import { type ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

/** The two implementations the contract suite runs against. */
export const PEERS = ['orrery', 'chp'] as const;
export type PeerKind = (typeof PEERS)[number];

export interface RunningPeer {
  kind: PeerKind;
  publicUrl: string;
  apiUrl: string;
  port: number;
  apiPort: number;
  token: string;
  pid: number;
  output(): string;
  /** Stops reading the peer's stdout and stderr: its next log line meets a closed pipe. */
  closeOutput(): void;
  stop(): Promise<void>;
}

/** A port that was free a moment ago (CHP takes port numbers, not port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The command line of a peer; both take configurable-http-proxy's flags. */
export function peerCommand(kind: PeerKind): string[] {
  if (kind === 'chp')
    return [path.join(ROOT, 'node_modules/configurable-http-proxy/bin/configurable-http-proxy')];
  return ['-r', path.join(__dirname, 'ts-register.js'), path.join(ROOT, 'apps/proxy/src/main.ts')];
}

export async function startPeer(kind: PeerKind, extraArgs: string[] = []): Promise<RunningPeer> {
  const [port, apiPort] = [await freePort(), await freePort()];
  const token = `contract-token-${kind}`;
  const args = [
    ...peerCommand(kind),
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--api-ip',
    '127.0.0.1',
    '--api-port',
    String(apiPort),
    '--log-level',
    'error',
    ...extraArgs,
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, CONFIGPROXY_AUTH_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const stop = () => stopChild(child);
  try {
    await Promise.all([waitForPort(port, child), waitForPort(apiPort, child)]);
  } catch (error) {
    await stop();
    throw new Error(`${kind} did not start: ${(error as Error).message}\n${output}`);
  }
  return {
    kind,
    port,
    apiPort,
    token,
    publicUrl: `http://127.0.0.1:${port}`,
    apiUrl: `http://127.0.0.1:${apiPort}`,
    pid: child.pid ?? 0,
    output: () => output,
    closeOutput: () => {
      child.stdout?.destroy();
      child.stderr?.destroy();
    },
    stop,
  };
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`port ${port} not open after ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
