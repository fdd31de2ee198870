import * as fs from 'node:fs';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { createTestDatabase, TestDatabase } from './fixtures/test-database';
import {
  alive,
  killServers,
  leftovers,
  NOTHING_LEFT,
  recordedPid,
  serverHub,
  spawnConfig,
  tempHome,
  viaProxy,
} from './servers-helpers';

/** Waits, a database read per turn of the event loop, until `check` holds. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setImmediate(resolve));
}

describe('restart recovery', () => {
  let database: TestDatabase;
  let hub: HubFixture;
  let home: string;
  const config = () => spawnConfig(home);
  beforeAll(async () => {
    home = tempHome();
    database = await createTestDatabase();
    hub = await startHub(config(), undefined, database);
  });
  afterAll(async () => {
    await killServers(hub);
    await hub.close();
    await database.drop();
    fs.rmSync(home, { recursive: true, force: true });
  });

  const admin = () => hub.auth(hub.tokens.admin);

  it('keeps a running server across a restart: ready, routed, reachable, and stoppable', async () => {
    await hub.http().post('/hub/api/users/alice/server').set(admin()).expect(201);
    const pid = await recordedPid(hub, 'alice');
    await hub.close();
    expect(alive(pid)).toBe(true);

    hub = await startHub(config(), undefined, database);
    const model = await hub.http().get('/hub/api/users/alice/server').set(admin()).expect(200);
    expect(model.body.pending === 'check' || model.body.ready).toBe(true);
    const reached = await viaProxy(hub, '/user/alice/lab');
    expect(JSON.parse(reached.body)).toEqual({ path: '/user/alice/lab', user: 'alice' });
    await until(async () => {
      const current = await hub.http().get('/hub/api/users/alice/server').set(admin());
      return current.body.ready === true;
    });
    expect(await recordedPid(hub, 'alice')).toBe(pid);
    await hub.http().delete('/hub/api/users/alice/server').set(admin()).expect(204);
    expect(alive(pid)).toBe(false);
    expect(await leftovers(hub, 'alice')).toEqual(NOTHING_LEFT);
  });

  it('cleans up a server that died while the hub was down', async () => {
    await hub.http().post('/hub/api/users/bob/server').set(admin()).expect(201);
    const pid = await recordedPid(hub, 'bob');
    await hub.close();
    process.kill(-pid, 'SIGKILL');
    await until(async () => !alive(pid));

    hub = await startHub(config(), undefined, database);
    expect(await leftovers(hub, 'bob')).toEqual(NOTHING_LEFT);
    const model = await hub.http().get('/hub/api/users/bob/server').set(admin()).expect(200);
    expect(model.body).toMatchObject({ ready: false, stopped: true, pending: null });
  });
});

describe('polling', () => {
  let hub: HubFixture;
  serverHub(
    (dir) => spawnConfig(dir, 'ok', { poll_interval: 1 }),
    (started) => (hub = started),
  );

  it('notices a server that exited: its route and records go', async () => {
    await hub
      .http()
      .post('/hub/api/users/alice/server')
      .set(hub.auth(hub.tokens.admin))
      .expect(201);
    const pid = await recordedPid(hub, 'alice');
    process.kill(-pid, 'SIGKILL');
    await until(async () => (await leftovers(hub, 'alice')).servers === 0);
    expect(await leftovers(hub, 'alice')).toEqual(NOTHING_LEFT);
  });
});
