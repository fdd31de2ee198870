import { HubProxyService } from '@orrery/runtime';
import { rawQuery, SpawnerEntity } from '@orrery/core';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { HubFixture, startHub } from './fixtures/hub-fixture';

export const FIXTURE_SERVER = path.resolve(__dirname, '../fixtures/single-user-server.js');

/** Config that runs the fixture server (in `mode`) as every user's server, homes in `home`. */
export function spawnConfig(home: string, mode = 'ok', extra: Record<string, unknown> = {}) {
  return {
    Spawner: {
      cmd: [process.execPath, FIXTURE_SERVER],
      args: [mode],
      http_timeout: 5,
      start_timeout: 5,
      ...extra,
    },
    LocalProcessSpawner: {
      home_dir_template: path.join(home, '{username}'),
      interrupt_timeout: 2,
      term_timeout: 2,
      kill_timeout: 2,
    },
  };
}

export function tempHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-servers-'));
}

/**
 * The hub of one describe block whose servers live in a temp home: started before its tests
 * with `config(home)`, handed over by `started`; afterwards its servers are killed, the hub is
 * closed and the home removed, even when a test failed.
 */
export function serverHub(
  config: (home: string) => Parameters<typeof startHub>[0],
  started: (hub: HubFixture, home: string) => void,
): void {
  let hub: HubFixture | undefined;
  let home: string | undefined;
  beforeAll(async () => {
    home = tempHome();
    hub = await startHub(config(home));
    started(hub, home);
  });
  afterAll(async () => {
    if (hub) {
      await killServers(hub);
      await hub.close();
    }
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });
}

/**
 * Whether a process is running. A zombie is not: it has exited and waits for its parent (the
 * test process, which runs the hub) to collect its status.
 */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = fs.existsSync(`/proc/${pid}/stat`)
    ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    : '';
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

/** The pid a spawner row records, if any. */
export async function recordedPid(hub: HubFixture, user: string, server = ''): Promise<number> {
  const rows = await rawQuery<{ state: unknown }>(
    hub.dataSource,
    `SELECT s.state FROM spawners s JOIN users u ON u.id = s.user_id WHERE u.name = ? AND s.name = ?`,
    [user, server],
  );
  const state = typeof rows[0]?.state === 'string' ? JSON.parse(rows[0].state) : rows[0]?.state;
  return Number(state?.pid ?? 0);
}

/** Kills every server process the database knows of (cleanup after a failed test). */
export async function killServers(hub: HubFixture): Promise<void> {
  const rows = await hub.dataSource.getRepository(SpawnerEntity).find();
  for (const row of rows) {
    const pid = Number(row.state?.pid ?? 0);
    if (!pid) continue;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone, which is what cleanup wants
    }
  }
}

/** A GET through the hub's in-process proxy (its public port). */
export function viaProxy(
  hub: HubFixture,
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  const port = hub.app.get(HubProxyService).publicPort;
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: pathname, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** Counts rows of a table matching a SQL condition. */
export async function count(hub: HubFixture, table: string, where = '1=1', params: unknown[] = []) {
  const rows = await rawQuery<{ n: unknown }>(
    hub.dataSource,
    `SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`,
    params,
  );
  return Number(rows[0].n);
}

/** The events of a progress stream that has ended. */
export function progressEvents(text: string): Record<string, unknown>[] {
  return text
    .split('\n\n')
    .filter((chunk) => chunk.startsWith('data: '))
    .map((chunk) => JSON.parse(chunk.slice('data: '.length)));
}

/** Waits (one database read per turn of the event loop) until a start has recorded its pid. */
export async function pidOnceStarted(hub: HubFixture, user: string, server = ''): Promise<number> {
  for (;;) {
    const pid = await recordedPid(hub, user, server);
    if (pid) return pid;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Everything a server leaves in the database while it exists. */
export async function leftovers(hub: HubFixture, user: string) {
  const prefix = `/user/${user}/`;
  return {
    servers: await count(hub, 'servers', 'base_url LIKE ?', [`${prefix}%`]),
    tokens: await count(hub, 'api_tokens', 'note LIKE ?', [`Server at ${prefix}%`]),
    clients: await count(hub, 'oauth_clients', 'identifier LIKE ?', [`jupyterhub-user-${user}%`]),
    routes: Object.keys(await hub.app.get(HubProxyService).routes()).filter((r) =>
      r.startsWith(prefix),
    ).length,
  };
}

export const NOTHING_LEFT = { servers: 0, tokens: 0, clients: 0, routes: 0 };
