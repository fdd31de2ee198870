import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '../../contracts/proxy/peers';
import { createTestDatabase, TestDatabase } from '../fixtures/test-database';
import { FIXTURE_SERVER } from '../servers-helpers';
import { childEnv, ensureBuilt, ORRERY_BIN, run, Running, startUntil, tempDir } from './built-bins';

/** Ctrl-C and SIGTERM on the real `orrery start`: the log says what happens, the exit is clean. */
jest.setTimeout(180_000);

beforeAll(() => ensureBuilt());

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.each(['SIGTERM', 'SIGINT'] as const)('orrery start and %s', (signal) => {
  let dir: string;
  let database: TestDatabase;
  let hub: Running | undefined;
  let serverPid = 0;

  beforeAll(async () => {
    dir = tempDir('signals');
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await hub?.stop();
    if (serverPid && alive(serverPid)) process.kill(-serverPid, 'SIGKILL');
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('logs that running servers keep running, leaves them running and exits with status 0', async () => {
    const hubPort = await freePort();
    const configFile = path.join(dir, 'orrery.yaml');
    fs.writeFileSync(
      configFile,
      stringify({
        JupyterHub: {
          bind_url: `http://127.0.0.1:${await freePort()}`,
          hub_bind_url: `http://127.0.0.1:${hubPort}`,
          db_url: database.dbUrl,
          cookie_secret_file: path.join(dir, 'cookie_secret'),
        },
        Authenticator: { admin_users: ['alice'] },
        Spawner: { cmd: [process.execPath, FIXTURE_SERVER], args: ['ok'] },
        // the test's temp dir is closed to other uids; isolation is not what is tested
        LocalProcessSpawner: {
          home_dir_template: path.join(dir, 'homes', '{username}'),
          run_as_hub_user: true,
        },
      }),
    );
    hub = await startUntil(ORRERY_BIN, ['start', '--config', configFile], /Orrery is running at/, {
      cwd: dir,
      env: childEnv({ ORRERY_LOG_LEVEL: 'log' }),
    });
    const token = (
      await run(ORRERY_BIN, ['token', 'alice', '--config', configFile], { cwd: dir })
    ).stdout.trim();
    const api = `http://127.0.0.1:${hubPort}/hub/api`;
    const headers = { Authorization: `token ${token}` };
    const started = await fetch(`${api}/users/alice/server`, { method: 'POST', headers });
    expect(started.status).toBe(201);
    const model = (await (await fetch(`${api}/users/alice`, { headers })).json()) as {
      servers: Record<string, { state: { pid: number } }>;
    };
    serverPid = model.servers[''].state.pid;
    expect(alive(serverPid)).toBe(true);

    const child = hub.child;
    const exited = new Promise<[number | null, string | null]>((done) =>
      child.once('exit', (code, killedBy) => done([code, killedBy])),
    );
    process.kill(child.pid as number, signal);
    expect(await exited).toEqual([0, null]);
    expect(hub.output()).toContain(
      `${signal} received: stopping the hub; 1 user server keeps running (by design: the next start finds it again)`,
    );
    expect(hub.output()).toMatch(/hub stopped\n/);
    expect(alive(serverPid)).toBe(true);
  });
});
