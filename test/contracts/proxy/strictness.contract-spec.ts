import * as net from 'node:net';
import { type Backend, startEchoBackend, startRawBackend } from './backends';
import { api, rawExchange, request, statusOf } from './clients';
import { PEERS, type RunningPeer, startPeer } from './peers';

jest.setTimeout(30_000);

const CHUNKED_POST = 'POST /user/raw/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n';

/** Request framing both proxies must refuse, and the target's framing they must not pass on. */
describe.each(PEERS)('strict framing at the public port (%s)', (kind) => {
  let peer: RunningPeer;
  let bob: Backend;
  let raw: Backend;
  const stillServing = async () => {
    const reply = await request(`${peer.publicUrl}/user/bob/still`);
    expect([reply.status, JSON.parse(reply.body).backend]).toEqual([200, 'bob']);
  };

  beforeAll(async () => {
    bob = await startEchoBackend('bob');
    raw = await startRawBackend((path) => {
      // Any head gets an answer: a 400 seen by the client can only come from the proxy.
      if (path.endsWith('/both-lengths'))
        return 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n';
      const status = path.endsWith('/304') ? '304 Not Modified' : '204 No Content';
      return `HTTP/1.1 ${status}\r\nETag: "e"\r\n\r\n`;
    });
    peer = await startPeer(kind);
    await api(peer.apiUrl, peer.token, 'POST', '/user/bob', { target: bob.url });
    await api(peer.apiUrl, peer.token, 'POST', '/user/raw', { target: raw.url });
  });
  afterAll(async () => {
    await peer?.stop();
    await bob?.close();
    await raw?.close();
  });

  it.each([
    [
      'two differing Content-Length headers',
      'POST /user/raw/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxy',
    ],
    [
      'two equal Content-Length headers',
      'POST /user/raw/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx',
    ],
    ['a lowercase method', 'get /user/raw/ HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a chunk size written 0x10', `${CHUNKED_POST}0x10\r\n${'x'.repeat(16)}\r\n0\r\n\r\n`],
    ['a chunk size with a sign', `${CHUNKED_POST}+5\r\nhello\r\n0\r\n\r\n`],
    ['a chunk size after a space', `${CHUNKED_POST} 5\r\nhello\r\n0\r\n\r\n`],
    ['an overlong chunk size', `${CHUNKED_POST}${'f'.repeat(20)}\r\nhello\r\n0\r\n\r\n`],
    ['a chunk extension without a name', `${CHUNKED_POST}5;\r\nhello\r\n0\r\n\r\n`],
  ])('answers 400 to %s and keeps serving', async (_name, text) => {
    expect(statusOf(await rawExchange(peer.port, text))).toBe(400);
    await stillServing();
  });

  it('forwards a chunk extension with a name and a value', async () => {
    const text = `POST /user/bob/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5;name="v"\r\nhello\r\n0\r\n\r\n`;
    const reply = await rawExchange(peer.port, text, 1000);
    expect(statusOf(reply)).toBe(200);
    expect(reply).toContain('"bodyBytes":5');
  });

  it('answers 502 when the target sends both Content-Length and Transfer-Encoding', async () => {
    const reply = await request(`${peer.publicUrl}/user/raw/both-lengths`);
    // CHP turns every failure of a target into 503; ours says the target's answer was bad.
    expect(reply.status).toBe(kind === 'chp' ? 503 : 502);
    await stillServing();
  });

  it.each(['204', '304'])(
    'relays a %s without a body length and keeps the connection usable',
    async (status) => {
      const replies = await twoRequests(peer.port, `/user/raw/${status}`);
      expect(replies).toHaveLength(2);
      for (const head of replies) {
        expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
        expect(head).not.toMatch(/^(content-length|transfer-encoding):/im);
      }
    },
  );
});

// Ours only: node:http keeps the first of two Host headers (README: differences).
describe('two Host headers (orrery)', () => {
  it('answers 400 and keeps serving', async () => {
    const bob = await startEchoBackend('bob');
    const peer = await startPeer('orrery');
    try {
      await api(peer.apiUrl, peer.token, 'POST', '/user/bob', { target: bob.url });
      const text = 'GET /user/bob/ HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n';
      expect(statusOf(await rawExchange(peer.port, text))).toBe(400);
      expect((await request(`${peer.publicUrl}/user/bob/x`)).status).toBe(200);
    } finally {
      await peer.stop();
      await bob.close();
    }
  });
});

/** Sends two requests on one connection, the second after the first response's head. */
function twoRequests(port: number, path: string): Promise<string[]> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const heads: string[] = [];
    let received = '';
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(heads);
    };
    const timer = setTimeout(finish, 3000);
    const send = () => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      if (end === -1) return;
      heads.push(received.slice(0, end));
      received = received.slice(end + 4);
      if (heads.length === 2) finish();
      else send();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    send();
  });
}
