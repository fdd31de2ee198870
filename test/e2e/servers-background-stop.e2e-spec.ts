import { HubFixture } from './fixtures/hub-fixture';
import { recordedPid, serverHub, spawnConfig, viaProxy } from './servers-helpers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A server that dies is stopped by the hub's poll, outside any request: its token must stop
 * working on the very next request, and GET /hub/api/user must show it gone, although both the
 * token and that response were cached while it ran.
 */
describe('a server stopped in the background', () => {
  let hub: HubFixture;
  serverHub(
    (dir) => spawnConfig(dir, 'ok', { poll_interval: 1 }),
    (started) => (hub = started),
  );

  it('revokes its token and updates the cached /user model on the next request', async () => {
    const userToken = await hub.userToken('bg-ann');
    await hub
      .http()
      .post('/hub/api/users/bg-ann/server')
      .set(hub.auth(hub.tokens.admin))
      .expect(201);
    const env = JSON.parse((await viaProxy(hub, '/user/bg-ann/env')).body);
    const serverToken = env.JUPYTERHUB_API_TOKEN as string;
    await hub.http().get('/hub/api/user').set(hub.auth(serverToken)).expect(200);
    const running = await hub.http().get('/hub/api/user').set(hub.auth(userToken)).expect(200);
    expect(running.body.server).toBe('/user/bg-ann/');

    process.kill(-(await recordedPid(hub, 'bg-ann')), 'SIGKILL');
    let gone = false;
    for (let i = 0; i < 100 && !gone; i++) {
      await sleep(100);
      const rows = await hub.http().get('/hub/api/users/bg-ann').set(hub.auth(hub.tokens.admin));
      gone = rows.body.server === null && rows.body.pending === null;
    }
    expect(gone).toBe(true);
    await hub.http().get('/hub/api/user').set(hub.auth(serverToken)).expect(403);
    const stopped = await hub.http().get('/hub/api/user').set(hub.auth(userToken)).expect(200);
    expect(stopped.body.server).toBeNull();
  });
});
