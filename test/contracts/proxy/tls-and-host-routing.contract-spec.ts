import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { type Backend, startEchoBackend } from './backends';
import { api, request } from './clients';
import { PEERS, type RunningPeer, startPeer } from './peers';

jest.setTimeout(30_000);

function httpsGet(port: number, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    https
      .get(
        { host: '127.0.0.1', port, path: urlPath, rejectUnauthorized: false, agent: false },
        (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      )
      .on('error', reject);
  });
}

describe.each(PEERS)('TLS on the public port (%s)', (kind) => {
  let peer: RunningPeer;
  let backend: Backend;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'proxy-tls-'));
    execFileSync(
      'openssl',
      [
        ...[
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
        ],
        ...['-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')],
      ],
      { stdio: 'ignore' },
    );
    backend = await startEchoBackend('tls-backend');
    peer = await startPeer(kind, [
      ...['--ssl-key', path.join(dir, 'key.pem'), '--ssl-cert', path.join(dir, 'cert.pem')],
      ...['--default-target', backend.url],
    ]);
  });
  afterAll(async () => {
    await peer?.stop();
    await backend?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves HTTPS and tells the target the protocol was https', async () => {
    const reply = await httpsGet(peer.port, '/user/x/tree');
    expect(reply.status).toBe(200);
    const seen = JSON.parse(reply.body);
    expect([seen.backend, seen.url, seen.headers['x-forwarded-proto']]).toEqual([
      'tls-backend',
      '/user/x/tree',
      'https',
    ]);
  });
});

describe.each(PEERS)('host routing (%s)', (kind) => {
  let peer: RunningPeer;
  let alice: Backend;
  let fallback: Backend;

  beforeAll(async () => {
    [alice, fallback] = await Promise.all([
      startEchoBackend('alice'),
      startEchoBackend('fallback'),
    ]);
    peer = await startPeer(kind, ['--host-routing', '--default-target', fallback.url]);
    await api(peer.apiUrl, peer.token, 'POST', '/alice.example.org/user/alice', {
      target: alice.url,
    });
  });
  afterAll(async () => {
    await peer?.stop();
    await Promise.all([alice?.close(), fallback?.close()]);
  });

  it.each([
    ['alice.example.org', '/user/alice/lab', 'alice'],
    ['alice.example.org:8443', '/user/alice/lab', 'alice'],
    ['bob.example.org', '/user/alice/lab', 'fallback'],
    ['alice.example.org', '/hub/home', 'fallback'],
  ])('routes Host %s, path %s to %s', async (host, urlPath, backend) => {
    const reply = await request(peer.publicUrl + urlPath, { headers: { Host: host } });
    const seen = JSON.parse(reply.body);
    expect([reply.status, seen.backend, seen.url]).toEqual([200, backend, urlPath]);
  });
});
