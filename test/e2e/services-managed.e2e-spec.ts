import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../contracts/proxy/peers';
import { ADMIN_SERVICE_TOKEN, HubFixture, PERSONAS_CONFIG, startHub } from './fixtures/hub-fixture';
import {
  alive,
  killServers,
  recordedPid,
  spawnConfig,
  tempHome,
  viaProxy,
} from './servers-helpers';

// each hub here starts Python processes and waits for them
jest.setTimeout(30_000);

const ECHO_SERVICE = path.resolve(__dirname, '../fixtures/echo-service.py');

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone, which is what cleanup wants
  }
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Retries `read` until `accept` holds; the test's own timeout bounds the wait. */
async function eventually<T>(read: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && accept(value)) return value;
    await pause(100);
  }
}

/** The config's external services plus `extra`, each as one managed service spec. */
function withServices(...extra: Record<string, unknown>[]) {
  return [...PERSONAS_CONFIG.JupyterHub.services, ...extra];
}

describe('a managed service (JupyterHub.services entry with a command)', () => {
  let hub: HubFixture;
  let cwd: string;
  let url: string;
  const pids = new Set<number>();

  const model = async () =>
    (await hub.http().get('/hub/api/services/echo').set(hub.auth(ADMIN_SERVICE_TOKEN)).expect(200))
      .body as { pid: number; command: string[] };
  const viaService = async <T>(pathname: string): Promise<T> => {
    const reply = await viaProxy(hub, `/services/echo/${pathname}`);
    if (reply.status !== 200) throw new Error(`status ${reply.status}`);
    return JSON.parse(reply.body) as T;
  };
  const echo = () =>
    viaService<{ env: Record<string, string | null>; pid: number; cwd: string }>('');

  beforeAll(async () => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-service-'));
    url = `http://127.0.0.1:${await freePort()}`;
    const hubPort = await freePort();
    hub = await startHub({
      JupyterHub: {
        hub_bind_url: `http://127.0.0.1:${hubPort}`,
        services: withServices({
          name: 'echo',
          url,
          command: ['python3', ECHO_SERVICE],
          cwd,
          environment: { ECHO_EXTRA: 'from the spec' },
        }),
      },
      // the hub notices an exited service at its next poll
      Spawner: { poll_interval: 1 },
    });
    // the service asks the hub's API who its token belongs to
    await hub.app.listen(hubPort, '127.0.0.1');
    pids.add((await model()).pid);
  });
  afterAll(async () => {
    await hub?.close();
    for (const pid of pids) killGroup(pid);
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  it('runs its command at start and shows the running pid in the service model', async () => {
    const { pid, command } = await model();
    expect(command).toEqual(['python3', ECHO_SERVICE]);
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(true);
    expect((await echo()).pid).toBe(pid);
  });

  it('is reached through the proxy at /services/echo/ with the service environment', async () => {
    const reply = await echo();
    expect(reply.cwd).toBe(fs.realpathSync(cwd));
    expect(reply.env).toEqual({
      JUPYTERHUB_API_TOKEN: expect.any(String),
      JPY_API_TOKEN: reply.env.JUPYTERHUB_API_TOKEN,
      JUPYTERHUB_CLIENT_ID: 'service-echo',
      JUPYTERHUB_COOKIE_HOST_PREFIX_ENABLED: '0',
      JUPYTERHUB_HOST: '',
      JUPYTERHUB_OAUTH_CALLBACK_URL: '/services/echo/oauth_callback',
      JUPYTERHUB_OAUTH_SCOPES: '["access:services", "access:services!service=echo"]',
      JUPYTERHUB_OAUTH_ACCESS_SCOPES: '["access:services", "access:services!service=echo"]',
      JUPYTERHUB_OAUTH_CLIENT_ALLOWED_SCOPES: '[]',
      JUPYTERHUB_USER: '',
      JUPYTERHUB_SERVER_NAME: '',
      JUPYTERHUB_API_URL: hub.config.JupyterHub.hub_bind_url + '/hub/api',
      JUPYTERHUB_BASE_URL: '/',
      JUPYTERHUB_SERVICE_NAME: 'echo',
      JUPYTERHUB_SERVICE_URL: url,
      JUPYTERHUB_SERVICE_PREFIX: '/services/echo/',
      JUPYTERHUB_PUBLIC_URL: '',
      JUPYTERHUB_PUBLIC_HUB_URL: '',
      ECHO_EXTRA: 'from the spec',
    });
  });

  it('gets a token generated at start that the API knows as the service', async () => {
    const whoami = await viaService<{ status: number; model: unknown }>('whoami');
    expect(whoami.status).toBe(200);
    expect(whoami.model).toMatchObject({ kind: 'service', name: 'echo' });
  });

  it('is started again after it was killed, with a new pid in the model', async () => {
    const before = (await model()).pid;
    killGroup(before);
    const { pid } = await eventually(model, (m) => m.pid > 0 && m.pid !== before);
    pids.add(pid);
    expect(alive(before)).toBe(false);
    expect(alive(pid)).toBe(true);
    expect((await eventually(echo, () => true)).pid).toBe(pid);
  });

  it('is stopped when the hub shuts down', async () => {
    const { pid } = await model();
    await hub.close();
    expect(alive(pid)).toBe(false);
    hub = undefined as unknown as HubFixture;
  });
});

describe('a managed service that does not come up stops the hub from starting', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orrery-service-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A python3 -c program that writes its pid to `pidFile` first. */
  const program = (pidFile: string, rest: string) => [
    'python3',
    '-c',
    `import os, sys, time; open(${JSON.stringify(pidFile)}, "w").write(str(os.getpid())); ${rest}`,
  ];

  it('fails when its URL does not answer within its timeout, and stops it', async () => {
    const pidFile = path.join(dir, 'silent.pid');
    const url = `http://127.0.0.1:${await freePort()}`;
    await expect(
      startHub({
        JupyterHub: {
          services: withServices({
            name: 'silent',
            url,
            timeout: 1,
            command: program(pidFile, 'time.sleep(600)'),
          }),
        },
      }),
    ).rejects.toThrow(
      `Cannot connect to managed service silent at ${url}/services/silent/ within 1 seconds`,
    );
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    expect(alive(pid)).toBe(false);
  });

  it('fails with its exit status when it exits before its URL answers', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    await expect(
      startHub({
        JupyterHub: {
          services: withServices({
            name: 'quits',
            url,
            command: program(path.join(dir, 'quits.pid'), 'sys.exit(3)'),
          }),
        },
      }),
    ).rejects.toThrow('Service quits exited with status 3');
  });

  it('fails when its command cannot be run', async () => {
    await expect(
      startHub({
        JupyterHub: {
          services: withServices({ name: 'missing', command: ['orrery-no-such-command'] }),
        },
      }),
    ).rejects.toThrow(
      'Failed to start service missing: Could not run orrery-no-such-command: spawn orrery-no-such-command ENOENT',
    );
  });
});

describe('jupyterhub-idle-culler as a managed service (.venv/culler, scripts/python-peers.sh)', () => {
  const CULLER_PYTHON = path.resolve(__dirname, '../../.venv/culler/bin/python');
  let hub: HubFixture;
  let home: string;

  beforeAll(async () => {
    home = tempHome();
    const hubPort = await freePort();
    hub = await startHub({
      JupyterHub: {
        hub_bind_url: `http://127.0.0.1:${hubPort}`,
        services: withServices({
          name: 'idle-culler',
          command: [CULLER_PYTHON, '-m', 'jupyterhub_idle_culler', '--timeout=1', '--cull-every=1'],
        }),
        load_roles: [
          ...PERSONAS_CONFIG.JupyterHub.load_roles,
          {
            // the scopes the culler's README asks for
            name: 'idle-culler',
            scopes: ['list:users', 'read:users:activity', 'read:servers', 'delete:servers'],
            services: ['idle-culler'],
          },
        ],
      },
      // users' servers are the e2e fixture server
      ...spawnConfig(home),
    });
    // the culler calls the hub's API with the token and URL of its environment
    await hub.app.listen(hubPort, '127.0.0.1');
  });
  afterAll(async () => {
    if (hub) await killServers(hub);
    await hub?.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('stops a server that has been idle for longer than its --timeout', async () => {
    const admin = hub.auth(hub.tokens.admin);
    await hub.http().post('/hub/api/users/alice/server').set(admin).expect(201);
    const pid = await recordedPid(hub, 'alice');
    expect(alive(pid)).toBe(true);
    const user = async () =>
      (await hub.http().get('/hub/api/users/alice').set(admin).expect(200)).body as {
        servers: Record<string, unknown>;
      };
    await eventually(user, (model) => Object.keys(model.servers).length === 0);
    expect(alive(pid)).toBe(false);
  });
});
