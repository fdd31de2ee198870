import * as net from 'node:net';
import type { Duplex } from 'node:stream';
import { Connection, Server, Session } from 'ssh2';

/** The notebook server the agent runs for the hub. */
export interface RunningServer {
  readonly exited: Promise<number>;
  stop(): void;
}

/** Only JupyterHub's own variables cross: the machine's PATH, HOME, LD_* stay the agent's. */
const SERVER_ENV = /^(JUPYTERHUB_|JPY_)[A-Z0-9_]*$/;
export const SERVER_COMMAND = 'jupyterhub-singleuser';

export interface TunnelHostOptions {
  /** the agent's private host key (OpenSSH format), made at login */
  hostKey: string;
  /** the notebook server's port on this machine's loopback: the one direct-tcpip destination */
  notebookPort: number;
  /** one line per refusal, so a user can see what the other end tried */
  log: (line: string) => void;
  /** starts the notebook server with the hub's variables; absent: the hub may start nothing */
  runServer?: (env: Record<string, string>) => RunningServer;
}

export interface TunnelHost {
  /** resolves with the loopback port that forwards to the hub API, once the hub asks for it */
  readonly apiPort: Promise<number>;
  /** resolves when the hub's SSH connection ends */
  readonly closed: Promise<void>;
  close(): void;
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * The agent's end of the tunnel: an SSH server on the one stream the agent dialled to the
 * hub. It allows exactly two things: direct-tcpip to its own notebook's loopback port, and
 * one tcpip-forward on loopback, whose connections go back to the hub as forwarded-tcpip
 * (the notebook's JUPYTERHUB_API_URL); and one exec of `jupyterhub-singleuser`, whose env
 * requests carry the server's JupyterHub variables (so no token is on a command line).
 * Closing that channel or a signal on it stops the server. Anything else: refused and logged.
 * The hub authenticates with `none`: the agent already knows it reached the hub (TLS to the
 * URL it was given, and the hub accepted the agent's token).
 */
export function hostTunnel(stream: Duplex, options: TunnelHostOptions): TunnelHost {
  const server = new Server({ hostKeys: [options.hostKey] });
  let resolveApi!: (port: number) => void;
  let rejectApi!: (error: Error) => void;
  const apiPort = new Promise<number>((resolve, reject) => {
    resolveApi = resolve;
    rejectApi = reject;
  });
  // unhandled if the hub never asks; the caller may never await it
  apiPort.catch(() => undefined);
  let connection: Connection | undefined;
  let forward: net.Server | undefined;
  const closed = new Promise<void>((resolve) => {
    server.on('connection', (client) => {
      connection = client;
      client.on('authentication', (context) =>
        context.method === 'none' ? context.accept() : context.reject(['none']),
      );
      client.on('ready', () => serve(client));
      client.on('error', (error) => options.log(`tunnel error: ${error.message}`));
      // a WebSocket stream ends without 'close' when the hub side vanishes: either one ends it
      const ended = () => {
        forward?.close();
        rejectApi(new Error('The tunnel closed before the hub asked for its API forward'));
        resolve();
      };
      client.once('end', ended);
      client.once('close', ended);
    });
  });

  let sessionTaken = false;
  const serve = (client: Connection) => {
    client.on('session', (accept, reject) => {
      if (!options.runServer || sessionTaken) {
        options.log('refused a session channel from the hub');
        reject();
        return;
      }
      sessionTaken = true;
      serveSession(accept(), options.runServer);
    });
    client.on('tcpip', (accept, reject, info) => {
      if (!LOOPBACK_NAMES.has(info.destIP) || info.destPort !== options.notebookPort) {
        options.log(`refused a connection to ${info.destIP}:${info.destPort}: not this notebook`);
        reject();
        return;
      }
      const channel = accept();
      const socket = net.connect(options.notebookPort, '127.0.0.1');
      channel.pipe(socket).pipe(channel);
      socket.on('error', () => channel.close());
      channel.on('error', () => socket.destroy());
    });
    client.on('request', (accept, reject, name, info) => {
      const forwardInfo = info as { bindAddr?: string; bindPort?: number };
      if (name !== 'tcpip-forward' || forward || !LOOPBACK_NAMES.has(forwardInfo.bindAddr ?? '')) {
        options.log(`refused a ${name} request from the hub`);
        reject?.();
        return;
      }
      forward = net.createServer((socket) => {
        socket.on('error', () => socket.destroy());
        const port = (forward?.address() as net.AddressInfo).port;
        client.forwardOut(
          forwardInfo.bindAddr as string,
          port,
          socket.remoteAddress ?? '127.0.0.1',
          socket.remotePort ?? 0,
          (error, channel) => {
            if (error) {
              socket.destroy();
              return;
            }
            socket.pipe(channel).pipe(socket);
            channel.on('error', () => socket.destroy());
            channel.on('close', () => socket.destroy());
          },
        );
      });
      forward.listen(0, '127.0.0.1', () => {
        const port = (forward?.address() as net.AddressInfo).port;
        accept?.(port);
        resolveApi(port);
      });
    });
  };

  const serveSession = (
    session: Session,
    runServer: NonNullable<TunnelHostOptions['runServer']>,
  ) => {
    const env: Record<string, string> = {};
    let running: RunningServer | null = null;
    session.on('env', (accept, reject, info) => {
      if (!SERVER_ENV.test(info.key)) {
        options.log(`refused the variable ${info.key} from the hub`);
        reject?.();
        return;
      }
      env[info.key] = info.val;
      accept?.();
    });
    session.on('exec', (accept, reject, info) => {
      if (info.command !== SERVER_COMMAND || running) {
        options.log(`refused to run ${JSON.stringify(info.command)} for the hub`);
        reject?.();
        return;
      }
      const channel = accept();
      const started = runServer(env);
      running = started;
      channel.on('close', () => started.stop());
      void started.exited.then((code) => {
        if (channel.writable) channel.exit(code);
        channel.end();
      });
    });
    session.on('signal', (accept) => {
      accept?.();
      running?.stop();
    });
  };

  server.injectSocket(stream as unknown as net.Socket);
  return {
    apiPort,
    closed,
    close: () => {
      connection?.end();
      forward?.close();
      stream.destroy();
    },
  };
}
