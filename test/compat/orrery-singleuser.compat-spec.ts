import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { freePort } from '../contracts/proxy/peers';
import { BrowserSession } from './fixtures/browser-session';
import { hubApi as callHubApi, until } from './fixtures/hub-api';
import { execute } from './fixtures/kernel-execute';
import { type RunningOrrery, startOrrery } from './fixtures/orrery-process';

/**
 * Real `jupyterhub-singleuser` servers of three major versions, spawned by Orrery and used the
 * way a browser uses them: the OAuth dance through the proxy with a cookie jar, the REST API,
 * a kernel over the WebSocket, activity reports, stop. Plus JupyterHub's own HubOAuth client.
 */
const ROOT = path.resolve(__dirname, '../..');
const venvBin = (venv: string, bin: string) => path.join(ROOT, '.venv', venv, 'bin', bin);
const SINGLEUSERS = [
  ['6.1.1 with JupyterLab', 'singleuser'],
  ['5.4.6', 'singleuser-5'],
  ['4.1.6', 'singleuser-4'],
] as const;

const PASSWORD = 'compat-password-1';

interface ServerModel {
  ready: boolean;
  url: string;
  started: string;
  last_activity: string;
}
interface HubJson {
  servers?: Record<string, ServerModel>;
  api_tokens?: { note: string; oauth_client: string }[];
}

/** The hub API with the fixture's `compat` service token. */
const hubApi = (hub: RunningOrrery, method: string, route: string) =>
  callHubApi<HubJson>(hub, method, route);

/** First-use: the first login with a new name registers it with that password. */
async function login(session: BrowserSession, name: string): Promise<void> {
  const form = await session.visit('/hub/login');
  expect(form.status).toBe(200);
  const xsrf = session.xsrfToken() || undefined;
  expect(xsrf).toBeDefined();
  const done = await session.visit('/hub/login?next=%2Fhub%2Fhome', {
    username: name,
    password: PASSWORD,
    _xsrf: xsrf as string,
  });
  expect(done.hops.slice(0, 2)).toEqual(['POST /hub/login?next=%2Fhub%2Fhome', 'GET /hub/home']);
}

async function startServer(hub: RunningOrrery, user: string, server = ''): Promise<ServerModel> {
  const route = server ? `/users/${user}/servers/${server}` : `/users/${user}/server`;
  const started = await hubApi(hub, 'POST', route);
  expect([201, 202]).toContain(started.status);
  return until(`${user}/${server} to be ready`, async () => {
    const model = (await hubApi(hub, 'GET', `/users/${user}`)).json;
    const found = model.servers?.[server];
    return found?.ready ? found : undefined;
  });
}

async function stopServer(hub: RunningOrrery, user: string, server = ''): Promise<void> {
  const route = server ? `/users/${user}/servers/${server}` : `/users/${user}/server`;
  expect([202, 204]).toContain((await hubApi(hub, 'DELETE', route)).status);
  await until(`${user}/${server} to stop`, async () => {
    const model = (await hubApi(hub, 'GET', `/users/${user}`)).json;
    return model.servers?.[server] ? undefined : true;
  });
}

/** The HubOAuth service of fixtures/whoami-service.py, as an external service of the hub. */
function startWhoami(hub: RunningOrrery, venv: string, port: number, token: string): ChildProcess {
  return spawn(venvBin(venv, 'python'), [path.join(__dirname, 'fixtures/whoami-service.py')], {
    stdio: 'inherit',
    env: {
      PATH: process.env.PATH,
      JUPYTERHUB_SERVICE_NAME: 'whoami',
      JUPYTERHUB_API_TOKEN: token,
      JUPYTERHUB_API_URL: `${hub.hubUrl}/hub/api`,
      JUPYTERHUB_BASE_URL: '/',
      JUPYTERHUB_SERVICE_PREFIX: '/services/whoami/',
      JUPYTERHUB_SERVICE_URL: `http://127.0.0.1:${port}`,
      JUPYTERHUB_CLIENT_ID: 'service-whoami',
      JUPYTERHUB_OAUTH_CALLBACK_URL: '/services/whoami/oauth_callback',
    },
  });
}

describe.each(SINGLEUSERS)('Orrery with the real jupyterhub-singleuser %s', (_label, venv) => {
  let hub: RunningOrrery;
  let whoami: ChildProcess;
  const alice = `alice-${venv}`;
  let session: BrowserSession;

  beforeAll(async () => {
    const whoamiPort = await freePort();
    const whoamiToken = randomBytes(16).toString('hex');
    hub = await startOrrery({
      cmd: [venvBin(venv, 'jupyterhub-singleuser')],
      extra: {
        JupyterHub: {
          allow_named_servers: true,
          extra_user_scopes: ['access:services!service=whoami'],
        },
      },
      services: [
        {
          name: 'whoami',
          url: `http://127.0.0.1:${whoamiPort}`,
          api_token: whoamiToken,
          oauth_no_confirm: true,
        },
      ],
    });
    whoami = startWhoami(hub, venv, whoamiPort, whoamiToken);
    session = new BrowserSession(hub.publicUrl);
    await login(session, alice);
  }, 60_000);

  afterAll(async () => {
    whoami?.kill('SIGKILL');
    await hub?.stop();
  }, 20_000);

  it('reaches a started server through the OAuth dance and uses its REST API', async () => {
    const server = await startServer(hub, alice);
    expect(server).toMatchObject({ ready: true, url: `/user/${alice}/` });
    const dance = await session.visit(`/user/${alice}/files/`);
    expect(dance.hops.map((hop) => hop.split('?')[0])).toEqual(
      expect.arrayContaining([
        'GET /hub/api/oauth2/authorize',
        `GET /user/${alice}/oauth_callback`,
      ]),
    );
    const status = await session.api(`/user/${alice}/api/status`);
    expect(status.status).toBe(200);
    expect(JSON.parse(status.body)).toHaveProperty('started');
  }, 60_000);

  it('executes 1+1 on a kernel over the WebSocket through the proxy', async () => {
    const created = await session.api(`/user/${alice}/api/kernels`, 'POST', {});
    expect(created.status).toBe(201);
    const kernel = JSON.parse(created.body).id as string;
    expect(await execute(hub, session, `/user/${alice}/`, kernel, '1+1', 20_000)).toBe('2');
  }, 60_000);

  it("receives the server's activity reports", async () => {
    const serverOf = async () => (await hubApi(hub, 'GET', `/users/${alice}`)).json.servers?.[''];
    const before = Date.parse((await serverOf())?.last_activity ?? '');
    expect(before).not.toBeNaN();
    // a request to the server is activity there, which it reports to the hub
    expect((await session.api(`/user/${alice}/api/contents`)).status).toBe(200);
    await until('an activity report newer than before', async () => {
      const seen = Date.parse((await serverOf())?.last_activity ?? '');
      return seen > before ? true : undefined;
    });
  }, 30_000);

  it('survives a kill -9 of the hub: the server, its browser cookie and the login stay', async () => {
    await hub.kill9();
    await hub.restart();
    const server = (await hubApi(hub, 'GET', `/users/${alice}`)).json.servers?.[''];
    expect(server).toMatchObject({ ready: true });
    expect((await session.api(`/user/${alice}/api/status`)).status).toBe(200);
    const home = await session.visit('/hub/home');
    expect({ status: home.status, hops: home.hops }).toEqual({
      status: 200,
      hops: ['GET /hub/home'],
    });
  }, 60_000);

  it('identifies the logged-in user in a service built on HubOAuth', async () => {
    const visit = await session.visit('/services/whoami/');
    expect(visit.status).toBe(200);
    expect(JSON.parse(visit.body)).toMatchObject({ kind: 'user', name: alice });
  }, 30_000);

  it("refuses another user's server with a 403 page and no redirect loop", async () => {
    const bob = new BrowserSession(hub.publicUrl);
    await login(bob, `bob-${venv}`);
    const visit = await bob.visit(`/user/${alice}/files/`);
    expect(visit.status).toBe(403);
    expect(visit.hops.length).toBeLessThan(6);
  }, 30_000);

  it("stops the server and removes its token and OAuth client with the browser's tokens", async () => {
    const before = (await hubApi(hub, 'GET', `/users/${alice}/tokens`)).json.api_tokens ?? [];
    const ofServer = (tokens: { note: string; oauth_client: string }[]) =>
      tokens.filter(
        (t) =>
          t.note === `Server at /user/${alice}/` || t.oauth_client === `Server at /user/${alice}/`,
      );
    expect(ofServer(before).length).toBeGreaterThanOrEqual(2);
    await stopServer(hub, alice);
    const after = (await hubApi(hub, 'GET', `/users/${alice}/tokens`)).json.api_tokens ?? [];
    expect(ofServer(after)).toEqual([]);
    expect((await session.api(`/user/${alice}/api/status`)).status).not.toBe(200);
  }, 60_000);

  it('runs a named server with its own OAuth client', async () => {
    const server = await startServer(hub, alice, 'lab1');
    expect(server.url).toBe(`/user/${alice}/lab1/`);
    await session.visit(`/user/${alice}/lab1/files/`);
    expect((await session.api(`/user/${alice}/lab1/api/status`)).status).toBe(200);
    await stopServer(hub, alice, 'lab1');
  }, 60_000);
});
