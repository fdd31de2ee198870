import { api } from './clients';
import { PEERS, type RunningPeer, startPeer } from './peers';

jest.setTimeout(30_000);

const TARGET = 'http://127.0.0.1:9';

describe.each(PEERS)('CHP REST API (%s)', (kind) => {
  let peer: RunningPeer;
  const call = (method: string, path: string, body?: unknown) =>
    api(peer.apiUrl, peer.token, method, path, body);

  beforeAll(async () => {
    peer = await startPeer(kind);
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it.each([
    ['no Authorization header', null],
    ['a wrong token', 'wrong'],
  ])('answers 403 with an empty body to %s', async (_name, token) => {
    for (const [method, path] of [
      ['GET', ''],
      ['GET', '/user/x'],
      ['DELETE', '/user/x'],
    ]) {
      const reply = await api(peer.apiUrl, token, method, path);
      expect([method, path, reply.status, reply.body]).toEqual([method, path, 403, '']);
    }
    const post = await api(peer.apiUrl, token, 'POST', '/user/x', { target: TARGET });
    expect([post.status, post.body]).toEqual([403, '']);
  });

  it('does not recognise a Bearer token', async () => {
    const reply = await fetch(`${peer.apiUrl}/api/routes`, {
      headers: { Authorization: `Bearer ${peer.token}` },
    });
    expect(reply.status).toBe(403);
  });

  it('adds a route with 201, stores its data verbatim and sets last_activity', async () => {
    const before = Date.now();
    const data = {
      target: TARGET,
      jupyterhub: true,
      user: 'alice',
      server_name: '',
      nested: { a: [1, 2] },
    };
    const post = await call('POST', '/user/alice', data);
    expect([post.status, post.body]).toEqual([201, '']);
    const reply = await call('GET', '/user/alice');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const route = JSON.parse(reply.body);
    expect(route).toEqual({ ...data, last_activity: expect.any(String) });
    expect(Date.parse(route.last_activity)).toBeGreaterThanOrEqual(before - 1000);
    expect(route.last_activity).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it.each([
    ['/user/bob/', '/user/bob'],
    ['/user/b%20b', '/user/b b'],
    ['/services/x%2Fy', '/services/x/y'],
    ['/', '/'],
  ])('stores POST %s under the key %s', async (path, key) => {
    expect((await call('POST', path, { target: TARGET })).status).toBe(201);
    const all = JSON.parse((await call('GET', '')).body);
    expect(all[key]).toEqual({ target: TARGET, last_activity: expect.any(String) });
    expect((await call('DELETE', path)).status).toBe(204);
  });

  it('lists all routes keyed by path at GET /api/routes and /api/routes/', async () => {
    await call('POST', '/list/a', { target: TARGET });
    await call('POST', '/list/b', { target: TARGET, x: 1 });
    for (const path of ['', '/']) {
      const reply = await call('GET', path);
      expect(reply.status).toBe(200);
      const all = JSON.parse(reply.body);
      expect(all['/list/a']).toEqual({ target: TARGET, last_activity: expect.any(String) });
      expect(all['/list/b']).toEqual({ target: TARGET, x: 1, last_activity: expect.any(String) });
    }
  });

  it('replaces a route posted twice', async () => {
    await call('POST', '/twice', { target: TARGET, first: true });
    await call('POST', '/twice', { target: 'http://127.0.0.1:10', second: true });
    const route = JSON.parse((await call('GET', '/twice')).body);
    expect(route).toEqual({
      target: 'http://127.0.0.1:10',
      second: true,
      last_activity: expect.any(String),
    });
  });

  it('answers 404 with an empty body for an absent route', async () => {
    const reply = await call('GET', '/no/such/route');
    expect([reply.status, reply.body]).toEqual([404, '']);
  });

  it('deletes with 204, then answers 404', async () => {
    await call('POST', '/gone', { target: TARGET });
    expect((await call('DELETE', '/gone')).status).toBe(204);
    expect((await call('GET', '/gone')).status).toBe(404);
    const again = await call('DELETE', '/gone');
    expect([again.status, again.body]).toEqual([404, '']);
  });

  it.each([
    ['invalid JSON', '{"target": ', /^Body not valid JSON/],
    ['an empty body', '', /^Body not valid JSON/],
    ['a missing target', { user: 'x' }, /^Must specify 'target' as string$/],
    ['a numeric target', { target: 8000 }, /^Must specify 'target' as string$/],
    ['JSON null', 'null', /^Must specify 'target' as string$/],
    ['a JSON array', '[1]', /^Must specify 'target' as string$/],
  ])('answers 400 to a POST with %s and adds nothing', async (_name, body, message) => {
    const reply = await call('POST', '/bad/input', body);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatch(message);
    expect((await call('GET', '/bad/input')).status).toBe(404);
  });

  it('parses the body before checking the token: bad JSON without a token is 400', async () => {
    const reply = await api(peer.apiUrl, null, 'POST', '/x', '{oops');
    expect(reply.status).toBe(400);
  });

  it.each(['PUT', 'PATCH'])('answers 405 to %s', async (method) => {
    const reply = await call(method, '/user/alice', { target: TARGET });
    expect([reply.status, reply.body]).toEqual([405, 'Method not supported']);
  });

  it.each(['/api/other', '/', '/api/routesx'])(
    'answers 404 on the unknown API path %s',
    async (path) => {
      const reply = await fetch(`${peer.apiUrl}${path}`, {
        headers: { Authorization: `token ${peer.token}` },
      });
      expect(reply.status).toBe(404);
    },
  );

  it('filters by inactive_since and inactiveSince, and rejects an invalid date', async () => {
    await call('POST', '/activity/probe', { target: TARGET });
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const past = new Date(Date.now() - 3_600_000).toISOString();
    for (const name of ['inactive_since', 'inactiveSince']) {
      const newer = JSON.parse((await call('GET', `?${name}=${encodeURIComponent(future)}`)).body);
      expect(newer['/activity/probe']).toBeDefined();
      const older = JSON.parse((await call('GET', `?${name}=${encodeURIComponent(past)}`)).body);
      expect(older['/activity/probe']).toBeUndefined();
    }
    const invalid = await call('GET', '?inactive_since=yesterday-ish');
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatch(/Invalid datestamp/);
  });
});

describe.each(PEERS)('CHP REST API with --host-routing (%s)', (kind) => {
  let peer: RunningPeer;
  beforeAll(async () => {
    peer = await startPeer(kind, ['--host-routing']);
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it('adds the host to the route data', async () => {
    await api(peer.apiUrl, peer.token, 'POST', '/alice.example.org/user/alice', { target: TARGET });
    const route = JSON.parse(
      (await api(peer.apiUrl, peer.token, 'GET', '/alice.example.org/user/alice')).body,
    );
    expect(route).toEqual({
      target: TARGET,
      host: 'alice.example.org',
      last_activity: expect.any(String),
    });
  });
});
