import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { type Backend, startEchoBackend } from './backends';
import { api, request, sleep, statusOf } from './clients';
import { freePort, peerCommand, type RunningPeer, startPeer } from './peers';

jest.setTimeout(30_000);

/**
 * Ours only: CHP has no flags for these (node:http's requestTimeout of 300 s applies to it, and it
 * caps no address), so the README lists them as differences.
 */
describe('denial-of-service limits at the public port (orrery)', () => {
  let peer: RunningPeer;
  let bob: Backend;
  const open: net.Socket[] = [];

  beforeAll(async () => {
    bob = await startEchoBackend('bob');
    peer = await startPeer('orrery', [
      '--request-timeout',
      '1500',
      '--max-connections-per-ip',
      '5',
    ]);
    await api(peer.apiUrl, peer.token, 'POST', '/user/bob', { target: bob.url });
  });
  afterEach(() => {
    for (const socket of open.splice(0)) socket.destroy();
  });
  afterAll(async () => {
    await peer?.stop();
    await bob?.close();
  });

  it('answers 408 to a body that trickles in past the request timeout', async () => {
    const socket = connect(peer.port);
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.write('POST /user/bob/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n');
    const started = Date.now();
    const drip = setInterval(() => socket.write('x'), 200);
    try {
      await Promise.race([closed, sleep(6000)]);
    } finally {
      clearInterval(drip);
    }
    expect(statusOf(received)).toBe(408);
    expect(Date.now() - started).toBeLessThan(4000);
    expect((await request(`${peer.publicUrl}/user/bob/after`)).status).toBe(200);
  });

  it('closes at once a connection past the cap of its address, and serves other addresses', async () => {
    for (let i = 0; i < 5; i++) await connected(connect(peer.port));
    const extra = connect(peer.port);
    const outcome = await Promise.race([
      new Promise((resolve) => extra.once('close', () => resolve('closed'))),
      sleep(1000).then(() => 'open'),
    ]);
    expect(outcome).toBe('closed');
    expect(await rawGet(peer.port, '127.0.0.2')).toBe(200);
    open[0].destroy();
    await sleep(100);
    expect(await rawGet(peer.port, '127.0.0.1')).toBe(200);
  });

  function connect(port: number, localAddress = '127.0.0.1'): net.Socket {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress });
    socket.on('error', () => undefined);
    open.push(socket);
    return socket;
  }

  function connected(socket: net.Socket): Promise<void> {
    return new Promise((resolve) => socket.once('connect', () => resolve()));
  }

  /** A GET from `localAddress` on a connection of its own: the status, or 0 when closed first. */
  function rawGet(port: number, localAddress: string): Promise<number> {
    const socket = connect(port, localAddress);
    return new Promise((resolve) => {
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
        if (received.includes('\r\n\r\n')) resolve(statusOf(received));
      });
      socket.once('close', () => resolve(statusOf(received)));
      socket.write('GET /user/bob/x HTTP/1.1\r\nHost: x\r\n\r\n');
    });
  }
});

describe('the open-file limit (orrery)', () => {
  const run = fs.existsSync('/usr/bin/prlimit') ? it : it.skip;
  run('raises its soft limit to the hard one at start, and logs it', async () => {
    const port = await freePort();
    const args = ['--nofile=1024:4096', process.execPath, ...peerCommand('orrery')];
    args.push('--ip', '127.0.0.1', '--port', String(port), '--api-port', String(await freePort()));
    // prlimit execs the command: the proxy keeps its pid.
    const child = spawn('prlimit', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    try {
      const deadline = Date.now() + 20_000;
      while (!output.includes('Proxying') && Date.now() < deadline) await sleep(100);
      const limits = fs.readFileSync(`/proc/${child.pid}/limits`, 'utf8');
      expect(/^Max open files\s+(\d+)\s+(\d+)/m.exec(limits)?.slice(1)).toEqual(['4096', '4096']);
      expect(output).toContain('Open-file limit 4096 (hard 4096)');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
