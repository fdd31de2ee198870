import { Logger } from '@nestjs/common';
import { HubFixture } from './fixtures/hub-fixture';
import {
  alive,
  leftovers,
  NOTHING_LEFT,
  pidOnceStarted,
  progressEvents,
  serverHub,
  spawnConfig,
} from './servers-helpers';

/** The calls of a logger spy that reported a failed start. */
function startFailureLogs(spy: jest.SpyInstance): unknown[][] {
  return spy.mock.calls.filter(
    ([fields]) => typeof fields === 'object' && String(fields?.message).startsWith('start failed:'),
  );
}

/** Users' servers misbehave as their names say (see test/fixtures/single-user-server.js). */
describe('starts that fail', () => {
  let hub: HubFixture;
  serverHub(
    (dir) => spawnConfig(dir, '', { args: [], http_timeout: 1 }),
    (started) => (hub = started),
  );

  const start = async (user: string) => {
    await hub.userToken(user, []);
    return hub.http().post(`/hub/api/users/${user}/server`).set(hub.auth(hub.tokens.admin));
  };
  const progress = (user: string) =>
    hub.http().get(`/hub/api/users/${user}/server/progress`).set(hub.auth(hub.tokens.admin));
  let warnings: jest.SpyInstance;
  let errors: jest.SpyInstance;
  beforeEach(() => {
    warnings = jest.spyOn(Logger.prototype, 'warn');
    errors = jest.spyOn(Logger.prototype, 'error');
  });
  afterEach(() => jest.restoreAllMocks());

  it('answers 500 when the server exits at once, and leaves nothing behind', async () => {
    const response = await start('exit-a');
    expect(response.status).toBe(500);
    expect(response.body).toEqual({
      status: 500,
      message: expect.stringMatching(
        /^Spawner failed to start \[status=\d+\]\. The logs for exit-a may contain details\.$/,
      ),
    });
    expect(await leftovers(hub, 'exit-a')).toEqual(NOTHING_LEFT);
    expect(startFailureLogs(warnings)).toEqual([
      [{ message: `start failed: ${response.body.message}`, user: 'exit-a', server: '' }],
    ]);
    expect(startFailureLogs(errors)).toEqual([]);
    const events = progressEvents((await progress('exit-a').expect(200)).text);
    expect(events).toEqual([
      { progress: 100, failed: true, message: `Spawn failed: ${response.body.message}` },
    ]);
  });

  it.each([
    ['never listens', 'silent-a'],
    ['answers 500', 'error-a'],
  ])('times out after http_timeout when the server %s, and stops it', async (_label, user) => {
    const started = start(user);
    const pid = await pidOnceStarted(hub, user);
    const response = await started;
    expect(response.status).toBe(500);
    expect(response.body.message).toMatch(
      new RegExp(
        `^Server at http://127\\.0\\.0\\.1:\\d+/user/${user}/api didn't respond in 1 seconds$`,
      ),
    );
    expect(alive(pid)).toBe(false);
    expect(await leftovers(hub, user)).toEqual(NOTHING_LEFT);
  });

  it('answers 400 for the progress of a server that is neither starting nor failed', async () => {
    expect((await start('ok-s')).status).toBe(201);
    await hub
      .http()
      .delete('/hub/api/users/ok-s/server')
      .set(hub.auth(hub.tokens.admin))
      .expect(204);
    const response = await progress('ok-s').expect(400);
    expect(response.body).toEqual({ status: 400, message: 'ok-s is not starting...' });
  });

  it('refuses named servers unless allow_named_servers', async () => {
    const response = await hub
      .http()
      .post('/hub/api/users/alice/servers/gpu')
      .set(hub.auth(hub.tokens.admin))
      .expect(400);
    expect(response.body).toEqual({ status: 400, message: 'Named servers are not enabled.' });
  });
});

describe('a start that cannot run its command', () => {
  let hub: HubFixture;
  serverHub(
    (dir) => spawnConfig(dir, 'ok', { cmd: ['orrery-no-such-command'] }),
    (started) => (hub = started),
  );

  it('answers 500 with the reason, logs it at error with its stack, and leaves nothing behind', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    const response = await hub
      .http()
      .post('/hub/api/users/alice/server')
      .set(hub.auth(hub.tokens.admin))
      .expect(500);
    expect(response.body.message).toBe(
      'Could not run orrery-no-such-command: spawn orrery-no-such-command ENOENT',
    );
    expect(startFailureLogs(errors)).toEqual([
      [
        { message: `start failed: ${response.body.message}`, user: 'alice', server: '' },
        expect.stringMatching(/^Error: Could not run orrery-no-such-command[^\n]*\n\s+at /),
      ],
    ]);
    errors.mockRestore();
    expect(await leftovers(hub, 'alice')).toEqual(NOTHING_LEFT);
  });
});

describe('starts that are still pending (slow_spawn_timeout: 0)', () => {
  let hub: HubFixture;
  serverHub(
    (dir) => ({
      ...spawnConfig(dir, '', { args: [] }),
      JupyterHub: { slow_spawn_timeout: 0 },
    }),
    (started) => (hub = started),
  );

  const admin = () => hub.auth(hub.tokens.admin);

  it('answers 202 twice, shows pending "spawn", and streams progress until ready', async () => {
    await hub.userToken('ok-p', []);
    const first = await hub.http().post('/hub/api/users/ok-p/server').set(admin()).expect(202);
    expect(first.headers['content-type']).toMatch(/^text\/plain/);
    expect(first.text).toBe('');
    await hub.http().post('/hub/api/users/ok-p/server').set(admin()).expect(202);
    const user = await hub.http().get('/hub/api/users/ok-p').set(admin()).expect(200);
    expect(user.body).toMatchObject({ pending: 'spawn', server: null });
    expect(user.body.servers['']).toMatchObject({ pending: 'spawn', ready: false, stopped: false });
    const stream = await hub.http().get('/hub/api/users/ok-p/server/progress').set(admin());
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream');
    expect(stream.headers['cache-control']).toBe('no-cache');
    expect(progressEvents(stream.text)).toEqual([
      { progress: 0, message: 'Server requested' },
      { progress: 50, message: 'Spawning server...' },
      {
        progress: 100,
        ready: true,
        message: 'Server ready at /user/ok-p/',
        html_message: 'Server ready at <a href="/user/ok-p/">/user/ok-p/</a>',
        url: '/user/ok-p/',
      },
    ]);
    expect(stream.text).toContain('"progress": 100, "ready": true');
    const ready = await hub.http().get('/hub/api/users/ok-p/server').set(admin()).expect(200);
    expect(ready.body).toMatchObject({ ready: true, pending: null });
    await hub.http().delete('/hub/api/users/ok-p/server').set(admin()).expect(204);
  });

  it('cancels a pending start on DELETE: 204, process gone, nothing left', async () => {
    await hub.userToken('silent-p', []);
    await hub.http().post('/hub/api/users/silent-p/server').set(admin()).expect(202);
    const pid = await pidOnceStarted(hub, 'silent-p');
    await hub.http().delete('/hub/api/users/silent-p/server').set(admin()).expect(204);
    expect(alive(pid)).toBe(false);
    expect(await leftovers(hub, 'silent-p')).toEqual(NOTHING_LEFT);
    const events = progressEvents(
      (await hub.http().get('/hub/api/users/silent-p/server/progress').set(admin())).text,
    );
    expect(events).toEqual([{ progress: 100, failed: true, message: 'Spawn cancelled' }]);
  });

  it('deletes a user whose server is starting: the start is cancelled and nothing runs', async () => {
    await hub.userToken('silent-d', []);
    await hub.http().post('/hub/api/users/silent-d/server').set(admin()).expect(202);
    const pid = await pidOnceStarted(hub, 'silent-d');
    await hub.http().delete('/hub/api/users/silent-d').set(admin()).expect(204);
    expect(alive(pid)).toBe(false);
    await hub.http().get('/hub/api/users/silent-d').set(admin()).expect(404);
    expect(await leftovers(hub, 'silent-d')).toEqual(NOTHING_LEFT);
  });

  it('deletes a user with a running default server after stopping it', async () => {
    await hub.userToken('ok-d', []);
    await hub.http().post('/hub/api/users/ok-d/server').set(admin()).expect(202);
    await hub.http().get('/hub/api/users/ok-d/server/progress').set(admin()).expect(200);
    const pid = await pidOnceStarted(hub, 'ok-d');
    await hub.http().delete('/hub/api/users/ok-d').set(admin()).expect(204);
    expect(alive(pid)).toBe(false);
    expect(await leftovers(hub, 'ok-d')).toEqual(NOTHING_LEFT);
  });
});
