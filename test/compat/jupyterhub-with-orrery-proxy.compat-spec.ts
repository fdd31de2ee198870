import { PEERS, peerCommand } from '../contracts/proxy/peers';
import { BrowserSession } from './fixtures/browser-session';
import { type RunningHub, startHub } from './fixtures/jupyterhub-process';

/**
 * The real JupyterHub with `ConfigurableHTTPProxy.command` pointed at our proxy, and, as the
 * control, at the real configurable-http-proxy: the same steps must pass with both.
 */
const USER = 'alice';
const PASSWORD = 'compat-password';
const USER_PREFIX = `/user/${USER}/`;
/** JupyterHub's routespec `/user/alice/` as CHP's API lists it: no trailing slash. */
const USER_ROUTE = `/user/${USER}`;

interface RouteTable {
  [routespec: string]: { target: string; [key: string]: unknown };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function routes(hub: RunningHub): Promise<RouteTable> {
  const response = await fetch(`${hub.apiUrl}/api/routes`, {
    headers: { authorization: `token ${hub.proxyToken}` },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as RouteTable;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms: number) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const result = await probe();
    if (result !== undefined) return result;
    await sleep(300);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}`);
}

describe.each(PEERS)('JupyterHub 6 with ConfigurableHTTPProxy.command = %s', (kind) => {
  let hub: RunningHub;
  let session: BrowserSession;

  beforeAll(async () => {
    hub = await startHub({
      proxyCommand: [process.execPath, ...peerCommand(kind)],
      username: USER,
      password: PASSWORD,
    });
    session = new BrowserSession(hub.publicUrl);
  }, 40_000);

  afterAll(async () => {
    await hub?.stop();
  }, 15_000);

  it('starts the proxy, which then holds the hub route with its data', async () => {
    expect(hub.output()).toContain('Proxy started and appears to be up');
    const table = await routes(hub);
    expect(table['/']).toMatchObject({
      hub: true,
      target: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
    });
  });

  it('logs a user in, spawns a server and reaches it through the proxy via the OAuth dance', async () => {
    const login = await session.visit('/hub/login');
    expect(login.status).toBe(200);
    const xsrf = /name="_xsrf" value="([^"]+)"/.exec(login.body)?.[1];
    expect(xsrf).toBeDefined();

    const loggedIn = await session.visit('/hub/login?next=%2Fhub%2Fspawn', {
      username: USER,
      password: PASSWORD,
      _xsrf: xsrf as string,
    });
    const hops = [...loggedIn.hops];
    expect({ status: loggedIn.status, hops }).toEqual({
      status: 200,
      hops: [
        'POST /hub/login?next=%2Fhub%2Fspawn',
        'GET /hub/spawn',
        `GET /hub/spawn-pending/${USER}`,
      ],
    });

    const status = await until(
      'the server to answer through the proxy',
      async () => {
        const api = await session.api(`${USER_PREFIX}api/status`);
        if (api.status === 200) return api;
        // Without the server's own cookie its API answers 403; visiting a page that needs a
        // login (its file view) runs the OAuth dance with the hub.
        hops.push(...(await session.visit(`${USER_PREFIX}files/`)).hops);
        return undefined;
      },
      30_000,
    );
    expect(JSON.parse(status.body)).toHaveProperty('started');
    const visited = hops.map((hop) => hop.split('?')[0]);
    expect(visited).toEqual(
      expect.arrayContaining([
        `GET /hub/spawn-pending/${USER}`,
        'GET /hub/api/oauth2/authorize',
        `GET ${USER_PREFIX}oauth_callback`,
      ]),
    );
    expect((await routes(hub))[USER_ROUTE]).toMatchObject({ user: USER, server_name: '' });
  }, 40_000);

  it('removes the user route when the server is stopped through the hub API', async () => {
    const stop = await fetch(`${hub.publicUrl}/hub/api/users/${USER}/server`, {
      method: 'DELETE',
      headers: { authorization: `token ${hub.serviceToken}` },
    });
    expect([202, 204]).toContain(stop.status);
    await until(
      'the user route to go',
      async () => (USER_ROUTE in (await routes(hub)) ? undefined : true),
      15_000,
    );
    expect(Object.keys(await routes(hub))).toEqual(['/']);
  }, 20_000);
});
