import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { BrowserSession } from '../compat/fixtures/browser-session';
import { until } from '../compat/fixtures/hub-api';
import { freePort } from '../contracts/proxy/peers';
import { docker } from './fixtures/docker-hub';

/**
 * The deployment smoke test: images/docker-compose.yml started for real (the hub image and a
 * PostgreSQL stand-in built offline by images/build-deploy.sh), a first-use login through the
 * standalone proxy, a container spawned on the compose network and reached through the proxy
 * after the OAuth dance. Everything the run creates goes at the end, also when it fails.
 */
const run = promisify(execFile);
const COMPOSE_FILE = path.resolve(__dirname, '../../images/docker-compose.yml');
const project = `orrery-smoke-${randomBytes(3).toString('hex')}`;
const user = `smoke${randomBytes(3).toString('hex')}`;
const STACK_WAIT_MS = 120_000;

describe('the compose stack (hub, orrery-proxy, PostgreSQL)', () => {
  let origin: string;
  let env: Record<string, string>;
  let reached = false;
  const compose = (...args: string[]) =>
    run('docker-compose', ['--file', COMPOSE_FILE, '--project-name', project, ...args], {
      env,
      maxBuffer: 16 * 1024 * 1024,
    });

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    env = {
      PATH: process.env.PATH ?? '',
      POSTGRES_PASSWORD: randomBytes(12).toString('hex'),
      CONFIGPROXY_AUTH_TOKEN: randomBytes(16).toString('hex'),
      ORRERY_PUBLIC_PORT: String(port),
      ORRERY_DB_IMAGE: 'orrery/postgres:local',
    };
    await compose('up', '-d');
  }, STACK_WAIT_MS);

  afterAll(async () => {
    if (!reached) {
      const logs = await compose('logs', '--no-color', '--tail', '40').catch(() => null);
      process.stdout.write(logs?.stdout ?? 'no compose logs\n');
    }
    // the user's container holds the network: it goes first
    for (const args of [
      ['rm', '-f', '-v', `jupyter-${user}`],
      ['volume', 'rm', '-f', `orrery-user-${user}`],
    ]) {
      try {
        docker(...args);
      } catch {
        // not created: the run failed before the spawn
      }
    }
    await compose('down', '--volumes', '--timeout', '5');
  }, 60_000);

  it(
    'serves the login page through the proxy once the hub has its database',
    async () => {
      const page = await until(
        'the hub behind the proxy',
        async () => {
          const reply = await fetch(`${origin}/hub/login`).catch(() => null);
          return reply?.status === 200 ? reply.text() : undefined;
        },
        STACK_WAIT_MS,
      );
      expect(page).toContain('name="_xsrf"');
    },
    STACK_WAIT_MS,
  );

  it(
    'logs a new user in, spawns their container and reaches it through the proxy',
    async () => {
      const session = new BrowserSession(origin);
      await session.visit('/hub/login');
      const xsrf = session.xsrfToken();
      const login = await session.visit('/hub/login?next=%2Fhub%2Fhome', {
        username: user,
        password: 'compose-password-1',
        _xsrf: xsrf,
      });
      expect(login.url).toBe('/hub/home');
      const started = await session.api(`/hub/api/users/${user}/server`, 'POST');
      expect([201, 202]).toContain(started.status);
      await until(
        `${user}'s server to be ready`,
        async () => {
          const model = await session.api(`/hub/api/users/${user}`);
          return JSON.parse(model.body).servers?.['']?.ready ? true : undefined;
        },
        STACK_WAIT_MS,
      );
      expect(docker('inspect', '--format', '{{.State.Running}}', `jupyter-${user}`)).toBe('true');
      const dance = await session.visit(`/user/${user}/files/`);
      expect(dance.hops.map((hop) => hop.split('?')[0])).toEqual(
        expect.arrayContaining([
          'GET /hub/api/oauth2/authorize',
          `GET /user/${user}/oauth_callback`,
        ]),
      );
      const contents = await session.api(`/user/${user}/api/contents`);
      expect(contents.status).toBe(200);
      expect(JSON.parse(contents.body)).toMatchObject({ type: 'directory' });
      reached = true;
    },
    STACK_WAIT_MS * 2,
  );
});
