import { HubShutdown, ShutdownRequest } from '@orrery/api';
import { HubFixture, startHub } from './fixtures/hub-fixture';

describe('shutdown: POST /hub/api/shutdown refusals (the hub keeps running)', () => {
  let hub: HubFixture;
  let shutdown: HubShutdown;
  const seen: ShutdownRequest[] = [];
  beforeAll(async () => {
    hub = await startHub();
    shutdown = hub.app.get(HubShutdown);
    // observe instead of closing, so this suite's hub stays up
    shutdown.setHandler((request) => void seen.push(request));
  });
  afterAll(async () => {
    await hub.close();
  });

  const post = () => hub.http().post('/hub/api/shutdown').set('Content-Type', 'application/json');

  it('refuses a request without credentials with 403', async () => {
    const response = await post().expect(403);
    expect(response.body).toEqual({ status: 403, message: 'Missing or invalid credentials.' });
    expect(shutdown.requested).toBeNull();
  });

  it.each([
    ['a plain user', 'alice'],
    ['a narrowed token', 'aliceNarrow'],
    ['a service with a custom role', 'readerService'],
    ['a group-filtered role', 'carol'],
  ] as const)('refuses %s with 403', async (_label, persona) => {
    const response = await post().set(hub.auth(hub.tokens[persona])).expect(403);
    expect(response.body).toEqual({
      status: 403,
      message: 'Action is not authorized with current scopes; requires any of [shutdown]',
    });
    expect(shutdown.requested).toBeNull();
  });

  it.each([
    ['proxy as a string', '{"proxy": "yes"}', 400, "proxy must be true or false, got 'yes'"],
    ['servers as a number', '{"servers": 1}', 400, 'servers must be true or false, got 1'],
    [
      'servers as null',
      '{"proxy": true, "servers": null}',
      400,
      'servers must be true or false, got None',
    ],
    ['a list body', '["proxy"]', 400, "Invalid JSON data: ['proxy']"],
    ['malformed JSON', '{"proxy": tru', 400, 'Invalid JSON in body of request'],
  ])('refuses %s with 400 and does not shut down', async (_label, body, status, message) => {
    const response = await post().set(hub.auth(hub.tokens.admin)).send(body).expect(status);
    expect(response.body).toEqual({ status, message });
    expect(shutdown.requested).toBeNull();
  });

  it('refuses a body over 1 MB with 413 and does not shut down', async () => {
    const body = JSON.stringify({ proxy: true, pad: 'x'.repeat(1100 * 1024) });
    await post().set(hub.auth(hub.tokens.admin)).send(body).expect(413);
    expect(shutdown.requested).toBeNull();
  });

  it('answers 202 first, then shuts down with the requested options', async () => {
    const response = await post()
      .set(hub.auth(hub.tokens.admin))
      .send({ servers: false, proxy: true, other: 'ignored' })
      .expect(202);
    expect(response.body).toEqual({ message: 'Shutting down Hub' });
    expect(response.headers['content-type']).toContain('application/json');
    await shutdown.done;
    expect(seen).toEqual([{ servers: false, proxy: true }]);
  });
});

describe('shutdown: POST /hub/api/shutdown closes the hub', () => {
  it.each([
    ['an admin user, no body', 'root', ['inherit'], undefined, { servers: null, proxy: null }],
    ['an admin user, an empty object', 'root', ['inherit'], {}, { servers: null, proxy: null }],
    [
      'a token narrowed to shutdown',
      'root',
      ['shutdown'],
      { servers: true },
      { servers: true, proxy: null },
    ],
  ])('closes the app after answering %s', async (_label, user, scopes, body, requested) => {
    const hub = await startHub();
    try {
      const token = await hub.userToken(user, scopes);
      const request = hub.http().post('/hub/api/shutdown').set(hub.auth(token));
      const response = await (body === undefined ? request : request.send(body)).expect(202);
      expect(response.body).toEqual({ message: 'Shutting down Hub' });
      const shutdown = hub.app.get(HubShutdown);
      await shutdown.done;
      expect(shutdown.requested).toEqual(requested);
      expect(hub.dataSource.isInitialized).toBe(false);
      expect(hub.app.getHttpServer().listening).toBe(false);
    } finally {
      await hub.close();
    }
  });

  it('closes the app when the admin service asks', async () => {
    const hub = await startHub();
    try {
      await hub.http().post('/hub/api/shutdown').set(hub.auth(hub.tokens.adminService)).expect(202);
      await hub.app.get(HubShutdown).done;
      expect(hub.dataSource.isInitialized).toBe(false);
    } finally {
      await hub.close();
    }
  });
});
