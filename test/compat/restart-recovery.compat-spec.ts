import * as path from 'node:path';
import { type RunningOrrery, startOrrery } from './fixtures/orrery-process';

/**
 * `kill -9` of a hub with 20 running servers, then a new hub on the same database: every server
 * is found again, reachable through the proxy at its user's prefix, and ready in the API.
 */
const FIXTURE_SERVER = path.resolve(__dirname, '../fixtures/single-user-server.js');
const USERS = Array.from({ length: 20 }, (_, i) => `restart-${i}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a hub killed with 20 running servers', () => {
  let hub: RunningOrrery;

  const api = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${hub.publicUrl}/hub/api${route}`, {
      method,
      headers: { authorization: `token ${hub.serviceToken}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };
  const readyUsers = async (): Promise<string[]> => {
    const { json } = await api('GET', '/users?state=ready');
    return (json as { name: string }[]).map((user) => user.name).sort();
  };
  const ownerThroughProxy = async (user: string): Promise<string | null> => {
    const response = await fetch(`${hub.publicUrl}/user/${user}/`, { redirect: 'manual' });
    if (response.status !== 200) return null;
    return ((await response.json()) as { user: string }).user;
  };

  beforeAll(async () => {
    hub = await startOrrery({
      cmd: [process.execPath, FIXTURE_SERVER],
      extra: { JupyterHub: { concurrent_spawn_limit: 0 }, Spawner: { args: ['ok'] } },
    });
  }, 60_000);

  afterAll(async () => {
    await hub?.stop();
  }, 30_000);

  it('finds all 20 again: reachable through the proxy, owned by the right users, ready', async () => {
    expect((await api('POST', '/users', { usernames: USERS })).status).toBe(201);
    const starts = await Promise.all(USERS.map((user) => api('POST', `/users/${user}/server`)));
    expect(starts.every(({ status }) => status === 201 || status === 202)).toBe(true);
    for (let i = 0; i < 200 && (await readyUsers()).length < USERS.length; i++) await sleep(100);
    expect(await readyUsers()).toEqual([...USERS].sort());

    await hub.kill9();
    await hub.restart();

    expect(await readyUsers()).toEqual([...USERS].sort());
    const owners = await Promise.all(USERS.map(ownerThroughProxy));
    expect(owners).toEqual(USERS);
  }, 120_000);
});
