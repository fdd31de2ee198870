import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { ProxyProcess, type ProxyProcessOptions } from './proxy-process';
import { silentLogger } from './proxy-logger';

/** A loopback port nothing listens on any more, so the proxy never counts as up. */
let closedPort = 0;

function options(command: string[], pidFile = ''): ProxyProcessOptions {
  return {
    command,
    args: [],
    authToken: 't',
    waitFor: [{ host: '127.0.0.1', port: closedPort }],
    checkIntervalMs: 1000,
    pidFile,
    onRestart: () => Promise.resolve(),
    log: silentLogger,
    startTimeoutMs: 10_000,
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ProxyProcess', () => {
  let dir: string;
  beforeAll(async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closedPort = (server.address() as net.AddressInfo).port;
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-proxy-process-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fails to start when the command does not exist', async () => {
    const proxy = new ProxyProcess(options([path.join(dir, 'no-such-proxy')]));
    await expect(proxy.start()).rejects.toThrow(/Failed to start proxy: .*ENOENT/);
  });

  it('fails to start with the exit code of a proxy that exits at once, removing its PID file', async () => {
    const pidFile = path.join(dir, 'proxy.pid');
    const proxy = new ProxyProcess(options([process.execPath, '-e', 'process.exit(3)'], pidFile));
    await expect(proxy.start()).rejects.toThrow('Proxy failed to start with exit code 3');
    expect(fs.existsSync(pidFile)).toBe(false);
  });

  it('stops a leftover process named by the PID file before starting', async () => {
    const leftover = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 1000)']);
    const pidFile = path.join(dir, 'proxy.pid');
    fs.writeFileSync(pidFile, String(leftover.pid));
    const exited = new Promise((resolve) => leftover.once('exit', resolve));
    const proxy = new ProxyProcess(options([process.execPath, '-e', 'process.exit(3)'], pidFile));
    await expect(proxy.start()).rejects.toThrow('exit code 3');
    await exited;
    expect(alive(leftover.pid as number)).toBe(false);
  });
});
