import * as net from 'node:net';
import { Client, utils } from 'ssh2';
import { hostTunnel, RunningServer, TunnelHost } from './tunnel-host';

/** The agent's SSH server against a plain ssh2 client standing in for the hub, on loopback. */
describe('hostTunnel: what the agent lets the hub do', () => {
  let notebook: net.Server;
  let notebookPort: number;
  let otherPort: number;
  let other: net.Server;
  let listener: net.Server;
  let host: TunnelHost;
  let hub: Client;
  const log: string[] = [];
  const runs: { env: Record<string, string>; stopped: boolean }[] = [];

  const listen = async (onSocket: (socket: net.Socket) => void) => {
    const server = net.createServer(onSocket);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { server, port: (server.address() as net.AddressInfo).port };
  };

  beforeEach(async () => {
    log.length = 0;
    runs.length = 0;
    ({ server: notebook, port: notebookPort } = await listen((socket) => socket.end('notebook')));
    ({ server: other, port: otherPort } = await listen((socket) => socket.end('secret')));
    ({ server: listener } = await listen((socket) => {
      host = hostTunnel(socket, {
        hostKey: utils.generateKeyPairSync('ed25519').private,
        notebookPort,
        log: (line) => log.push(line),
        runServer: (env): RunningServer => {
          const run = { env, stopped: false };
          runs.push(run);
          let exit!: (code: number) => void;
          return {
            exited: new Promise((resolve) => (exit = resolve)),
            stop: () => {
              run.stopped = true;
              exit(0);
            },
          };
        },
      });
    }));
    hub = new Client();
    const agentSide = new Promise<void>((resolve, reject) => {
      hub.once('ready', () => resolve());
      hub.once('error', reject);
    });
    hub.connect({
      host: '127.0.0.1',
      port: (listener.address() as net.AddressInfo).port,
      username: 'orrery-hub',
    });
    await agentSide;
  });

  afterEach(async () => {
    hub.end();
    host.close();
    await host.closed;
    for (const server of [notebook, other, listener]) server.close();
  });

  const forwardOut = (port: number) =>
    new Promise<string>((resolve) =>
      hub.forwardOut('127.0.0.1', 0, '127.0.0.1', port, (error, channel) => {
        if (error) return resolve(`refused: ${error.message}`);
        let text = '';
        channel.on('data', (chunk: Buffer) => (text += String(chunk)));
        channel.on('close', () => resolve(text));
      }),
    );

  it('opens direct-tcpip to its own notebook port', async () => {
    expect(await forwardOut(notebookPort)).toBe('notebook');
  });

  it('refuses direct-tcpip to any other port and logs it', async () => {
    expect(await forwardOut(otherPort)).toMatch(/^refused/);
    expect(log).toContain(`refused a connection to 127.0.0.1:${otherPort}: not this notebook`);
  });

  it('refuses shells and any command but jupyterhub-singleuser', async () => {
    const error = await new Promise<Error | undefined>((resolve) =>
      hub.exec('id', (failed) => resolve(failed)),
    );
    expect(error).toBeInstanceOf(Error);
    expect(log).toContain('refused to run "id" for the hub');
    expect(runs).toEqual([]);
  });

  it("runs jupyterhub-singleuser with only the hub's JupyterHub variables, and stops it when the hub closes the channel", async () => {
    const channel = await new Promise<import('ssh2').ClientChannel>((resolve, reject) =>
      hub.exec(
        'jupyterhub-singleuser',
        { env: { JUPYTERHUB_API_TOKEN: 'secret', LD_PRELOAD: '/tmp/evil.so' } },
        (error, opened) => (error ? reject(error) : resolve(opened)),
      ),
    );
    const exitCode = new Promise<number>((resolve) => channel.once('exit', resolve));
    expect(runs.map((run) => run.env)).toEqual([{ JUPYTERHUB_API_TOKEN: 'secret' }]);
    expect(log).toContain('refused the variable LD_PRELOAD from the hub');
    channel.signal('TERM');
    expect(await exitCode).toBe(0);
    expect(runs[0].stopped).toBe(true);
  });

  it('grants one loopback tcpip-forward only', async () => {
    const forwardIn = (address: string) =>
      new Promise<number | string>((resolve) =>
        hub.forwardIn(address, 0, (error, port) => resolve(error ? 'refused' : port)),
      );
    expect(await forwardIn('0.0.0.0')).toBe('refused');
    const port = await forwardIn('127.0.0.1');
    expect(port).toBe(await host.apiPort);
    expect(await forwardIn('127.0.0.1')).toBe('refused');
    expect(log).toEqual([
      'refused a tcpip-forward request from the hub',
      'refused a tcpip-forward request from the hub',
    ]);
  });
});
