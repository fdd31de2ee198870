import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Backend, startEchoBackend } from './backends';
import { sleep } from './clients';
import { PEERS, type PeerKind, peerCommand, type RunningPeer, startPeer } from './peers';

jest.setTimeout(30_000);

/** A CA, a server certificate and a client certificate it signed, in `dir`. */
function makeCertificates(dir: string): void {
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  const file = (name: string) => path.join(dir, name);
  openssl(
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=test-ca'],
    ...['-keyout', file('ca-key.pem'), '-out', file('ca.pem')],
  );
  for (const name of ['server', 'client']) {
    openssl(
      ...['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`],
      ...['-keyout', file(`${name}-key.pem`), '-out', file(`${name}.csr`)],
    );
    openssl(
      ...['x509', '-req', '-in', file(`${name}.csr`), '-days', '1'],
      ...['-CA', file('ca.pem'), '-CAkey', file('ca-key.pem'), '-CAcreateserial'],
      ...['-out', file(`${name}.pem`)],
    );
  }
}

/** A GET over TLS; `cert` names the client certificate to present (none when absent). */
function tlsGet(
  port: number,
  urlPath: string,
  dir: string,
  options: { cert?: string; token?: string } = {},
): Promise<number> {
  const clientCert = options.cert
    ? {
        key: fs.readFileSync(path.join(dir, `${options.cert}-key.pem`)),
        cert: fs.readFileSync(path.join(dir, `${options.cert}.pem`)),
      }
    : {};
  return new Promise((resolve, reject) => {
    https
      .get(
        {
          host: '127.0.0.1',
          port,
          path: urlPath,
          rejectUnauthorized: false,
          agent: false,
          headers: options.token ? { authorization: `token ${options.token}` } : {},
          ...clientCert,
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      )
      .on('error', reject);
  });
}

function socketGet(socketPath: string, urlPath: string, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(
        { socketPath, path: urlPath, headers: token ? { authorization: `token ${token}` } : {} },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      )
      .on('error', reject);
  });
}

async function waitFor(file: string): Promise<void> {
  for (let tries = 0; !fs.existsSync(file); tries++) {
    if (tries > 200) throw new Error(`${file} never appeared`);
    await sleep(50);
  }
}

describe.each(PEERS)('CHP TLS and process flags (%s)', (kind: PeerKind) => {
  let dir: string;
  let backend: Backend;
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxy-flags-'));
    makeCertificates(dir);
    backend = await startEchoBackend('flags-backend');
  });
  afterAll(async () => {
    await backend?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe('--ssl-request-cert --ssl-reject-unauthorized --ssl-ca', () => {
    let peer: RunningPeer;
    beforeAll(async () => {
      peer = await startPeer(kind, [
        ...['--ssl-key', file('server-key.pem'), '--ssl-cert', file('server.pem')],
        ...['--ssl-ca', file('ca.pem'), '--ssl-request-cert', '--ssl-reject-unauthorized'],
        ...['--default-target', backend.url],
      ]);
    });
    afterAll(() => peer?.stop());

    it('refuses a client without a certificate of the CA', async () => {
      await expect(tlsGet(peer.port, '/user/x/', dir)).rejects.toThrow();
    });

    it('serves a client whose certificate the CA signed', async () => {
      await expect(tlsGet(peer.port, '/user/x/', dir, { cert: 'client' })).resolves.toBe(200);
    });
  });

  describe('--api-ssl-key --api-ssl-cert', () => {
    let peer: RunningPeer;
    beforeAll(async () => {
      peer = await startPeer(kind, [
        ...['--api-ssl-key', file('server-key.pem'), '--api-ssl-cert', file('server.pem')],
      ]);
    });
    afterAll(() => peer?.stop());

    it('serves the REST API over TLS only', async () => {
      await expect(tlsGet(peer.apiPort, '/api/routes', dir, { token: peer.token })).resolves.toBe(
        200,
      );
      const plain = await fetch(`${peer.apiUrl}/api/routes`, {
        headers: { authorization: `token ${peer.token}` },
      }).then(
        (reply) => reply.status,
        () => 'refused',
      );
      expect(plain).not.toBe(200);
    });
  });

  it('listens on Unix sockets with --socket and --api-socket', async () => {
    const token = 'socket-token';
    const child = spawn(
      process.execPath,
      [
        ...peerCommand(kind),
        ...['--socket', file(`${kind}-public.sock`), '--api-socket', file(`${kind}-api.sock`)],
        ...['--default-target', backend.url, '--log-level', 'error'],
      ],
      { env: { ...process.env, CONFIGPROXY_AUTH_TOKEN: token }, stdio: 'ignore' },
    );
    try {
      await Promise.all([waitFor(file(`${kind}-public.sock`)), waitFor(file(`${kind}-api.sock`))]);
      await expect(socketGet(file(`${kind}-public.sock`), '/user/x/')).resolves.toBe(200);
      await expect(socketGet(file(`${kind}-api.sock`), '/api/routes', token)).resolves.toBe(200);
      await expect(socketGet(file(`${kind}-api.sock`), '/api/routes')).resolves.toBe(403);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('writes its pid with --pid-file and removes it when it stops', async () => {
    const pidFile = file(`${kind}.pid`);
    const peer = await startPeer(kind, ['--pid-file', pidFile]);
    await waitFor(pidFile);
    expect(fs.readFileSync(pidFile, 'utf8').trim()).toBe(String(peer.pid));
    await peer.stop();
    expect(fs.existsSync(pidFile)).toBe(false);
  });
});

describe('CHP flags orrery-proxy does not act on', () => {
  const run = (...args: string[]) =>
    spawnSync(
      process.execPath,
      [...peerCommand('orrery'), '--ip', '127.0.0.1', '--port', '0', ...args],
      { encoding: 'utf8', timeout: 20_000 },
    );

  it.each([
    ['--client-ssl-key', 'key.pem'],
    ['--client-ssl-cert', 'cert.pem'],
    ['--client-ssl-ca', 'ca.pem'],
    ['--client-ssl-request-cert'],
    ['--client-ssl-reject-unauthorized'],
    ['--custom-header', 'X-A: b'],
  ])('refuses %s, naming it, instead of running without it', (flag, ...value) => {
    const result = run(flag, ...value);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`not supported by orrery-proxy: ${flag} (`);
  });
});
