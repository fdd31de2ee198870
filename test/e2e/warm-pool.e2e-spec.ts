import { rawQuery } from '@orrery/core';
import { SpawnOrchestrator } from '@orrery/spawn';
import { setTimeout as sleep } from 'node:timers/promises';
import { HubFixture, startHub } from './fixtures/hub-fixture';
import { CookieJar, follow } from './fixtures/login-flow';
import { serverHub, spawnConfig, viaProxy } from './servers-helpers';

jest.setTimeout(30_000);

/** The pool's users whose default server is ready (the API's `server`), by name. */
async function readyPool(hub: HubFixture): Promise<string[]> {
  const rows = await rawQuery<{ name: string }>(
    hub.dataSource,
    'SELECT u.name FROM warm_pool w JOIN users u ON u.id = w.user_id',
    [],
  );
  const ready: string[] = [];
  for (const { name } of rows) {
    const user = await hub.http().get(`/hub/api/users/${name}`).set(hub.auth(hub.tokens.admin));
    if (user.body.server) ready.push(name);
  }
  return ready.sort();
}

/** Waits (bounded) until the pool holds `size` users with running servers. */
async function poolFilled(hub: HubFixture, size: number): Promise<string[]> {
  for (let i = 0; i < 200; i++) {
    const ready = await readyPool(hub);
    if (ready.length === size) return ready;
    await sleep(50);
  }
  throw new Error(`the pool never held ${size} ready users: ${(await readyPool(hub)).join(', ')}`);
}

describe('the warm pool with the tmp authenticator', () => {
  let hub: HubFixture;
  serverHub(
    (home) => ({
      ...spawnConfig(home),
      JupyterHub: { authenticator_class: 'tmp' },
      Pool: { size: 2 },
    }),
    (started) => (hub = started),
  );

  it('fills up with anonymous users whose servers run, before anyone arrives', async () => {
    const ready = await poolFilled(hub, 2);
    for (const name of ready) {
      expect((await viaProxy(hub, `/user/${name}/api`)).status).toBe(200);
    }
  });

  it('hands a ready user to an arrival, who lands on the running server at once', async () => {
    const before = await poolFilled(hub, 2);
    const { locations } = await follow(hub, new CookieJar(), '/hub/login', 12);
    const server = locations.find((location) => location.startsWith('/user/'));
    const name = decodeURIComponent(server!.split('/')[2]);
    expect(before).toContain(name);
    // no spawn page: the server was running already
    expect(locations.some((location) => location.includes('spawn'))).toBe(false);
    expect((await viaProxy(hub, `/user/${name}/api`)).status).toBe(200);
    const after = await poolFilled(hub, 2);
    expect(after).not.toContain(name);
  });

  it('gives two arrivals two different users', async () => {
    await poolFilled(hub, 2);
    const names = await Promise.all(
      [0, 1].map(async () => {
        const { locations } = await follow(hub, new CookieJar(), '/hub/tmplogin', 12);
        return locations.find((location) => location.startsWith('/user/'));
      }),
    );
    expect(new Set(names).size).toBe(2);
  });

  it('replaces a pooled user whose server was stopped', async () => {
    const [victim] = await poolFilled(hub, 2);
    await hub
      .http()
      .delete(`/hub/api/users/${victim}/server`)
      .set(hub.auth(hub.tokens.admin))
      .expect(204);
    // an arrival makes the pool look at itself again
    await follow(hub, new CookieJar(), '/hub/tmplogin', 12);
    const refilled = await poolFilled(hub, 2);
    expect(refilled).not.toContain(victim);
    const gone = await rawQuery(hub.dataSource, 'SELECT id FROM users WHERE name = ?', [victim]);
    expect(gone).toEqual([]);
  });
});

describe('the warm pool with a named-user authenticator', () => {
  it('refuses to start: a started server belongs to one user', async () => {
    await expect(startHub({ Pool: { size: 1 } })).rejects.toThrow(
      /the pool only works with an anonymous authenticator \(tmp\), not first-use/,
    );
  });
});

describe('Pool.concurrent_starts', () => {
  // counted around the orchestrator itself, installed before the hub boots (its first fill),
  // per orchestrator: only this suite's hub counts
  const counts = new Map<SpawnOrchestrator, { running: number; most: number; calls: number }>();
  let spy: jest.SpyInstance | undefined;
  beforeAll(() => {
    const start = SpawnOrchestrator.prototype.start;
    spy = jest.spyOn(SpawnOrchestrator.prototype, 'start').mockImplementation(async function (
      this: SpawnOrchestrator,
      ...args
    ) {
      const mine = counts.get(this) ?? { running: 0, most: 0, calls: 0 };
      counts.set(this, mine);
      mine.calls += 1;
      mine.running += 1;
      mine.most = Math.max(mine.most, mine.running);
      try {
        return await start.apply(this, args);
      } finally {
        mine.running -= 1;
      }
    });
  });
  afterAll(() => spy?.mockRestore());
  let hub: HubFixture;
  serverHub(
    (home) => ({
      ...spawnConfig(home),
      JupyterHub: { authenticator_class: 'tmp' },
      Pool: { size: 5, concurrent_starts: 2 },
    }),
    (started) => (hub = started),
  );

  it('runs at most concurrent_starts pool starts at once, and fills the whole pool', async () => {
    expect(await poolFilled(hub, 5)).toHaveLength(5);
    const starts = counts.get(hub.app.get(SpawnOrchestrator)) ?? { most: 0, calls: 0 };
    expect(starts.calls).toBeGreaterThanOrEqual(5);
    // two side by side (a batch), never three
    expect(starts.most).toBe(2);
  });
});
