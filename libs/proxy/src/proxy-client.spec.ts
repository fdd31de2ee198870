import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChpProxyClient, ProxyApiError } from './chp.proxy-client';
import { InProcessProxyClient } from './in-process.proxy-client';
import type { ProxyClient } from './proxy-client';
import { ProxyServer } from './proxy-server';

const TOKEN = 'spec-token';

/** Both clients against a real ProxyServer: in-process by call, CHP over its REST API. */
const implementations: [string, (server: ProxyServer, apiPort: number) => ProxyClient][] = [
  ['InProcessProxyClient', (server) => new InProcessProxyClient(server)],
  [
    'ChpProxyClient',
    (_server, apiPort) =>
      new ChpProxyClient({ apiUrl: `http://127.0.0.1:${apiPort}`, authToken: TOKEN }),
  ],
];

describe.each(implementations)('%s', (_name, makeClient) => {
  let server: ProxyServer;
  let client: ProxyClient;

  beforeEach(async () => {
    server = new ProxyServer();
    const { apiPort } = await server.start({
      ip: '127.0.0.1',
      port: 0,
      apiIp: '127.0.0.1',
      apiPort: 0,
      authToken: TOKEN,
    });
    client = makeClient(server, apiPort ?? 0);
  });
  afterEach(async () => {
    await server.stop();
  });

  it('adds routes under CHP keys with jupyterhub: true and reads them back as routespecs', async () => {
    await client.addRoute('/user/al%20ice/', 'http://127.0.0.1:5000', {
      user: 'al ice',
      server_name: '',
    });
    expect(server.getRoute('/user/al ice')).toEqual({
      target: 'http://127.0.0.1:5000',
      user: 'al ice',
      server_name: '',
      jupyterhub: true,
      last_activity: expect.any(String),
    });
    const routes = await client.getRoutes();
    expect(routes['/user/al%20ice/']).toEqual({
      routespec: '/user/al%20ice/',
      target: 'http://127.0.0.1:5000',
      data: {
        user: 'al ice',
        server_name: '',
        jupyterhub: true,
        last_activity: expect.any(String),
      },
    });
  });

  it('lists foreign routes too, without the jupyterhub flag', async () => {
    server.addRoute('/other', { target: 'http://127.0.0.1:6000' });
    const routes = await client.getRoutes();
    expect(routes['/other/'].data.jupyterhub).toBeUndefined();
  });

  it('deletes routes, and deleting an absent route is not an error', async () => {
    await client.addRoute('/services/grader/', 'http://127.0.0.1:7000', { service: 'grader' });
    await client.deleteRoute('/services/grader/');
    await client.deleteRoute('/services/grader/');
    expect(await client.getRoutes()).toEqual({});
  });

  it('keeps the root route as /', async () => {
    await client.addRoute('/', 'http://127.0.0.1:8081', { hub: true });
    expect(Object.keys(await client.getRoutes())).toEqual(['/']);
  });
});

describe('ChpProxyClient against a failing API', () => {
  let server: http.Server;
  let answers: number[];
  let seen: { method?: string; url?: string; authorization?: string }[];
  let inFlight: number;
  let maxInFlight: number;

  beforeEach(async () => {
    answers = [];
    seen = [];
    inFlight = 0;
    maxInFlight = 0;
    server = http.createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(answers.shift() ?? 201);
        res.end('{}');
      }, 5);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = (overrides = {}) =>
    new ChpProxyClient({
      apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo | null)?.port}/`,
      authToken: TOKEN,
      initialRetryDelayMs: 1,
      ...overrides,
    });

  it('sends the token and the CHP path without trailing slash', async () => {
    await client().addRoute('/user/alice/', 'http://x:1', {});
    expect(seen).toEqual([
      { method: 'POST', url: '/api/routes/user/alice', authorization: `token ${TOKEN}` },
    ]);
  });

  it('retries 5xx answers until one succeeds', async () => {
    answers = [503, 500, 201];
    await client().addRoute('/user/alice/', 'http://x:1', {});
    expect(seen).toHaveLength(3);
  });

  it.each([400, 403])('does not retry a %d answer', async (status) => {
    answers = [status];
    await expect(client().addRoute('/user/alice/', 'http://x:1', {})).rejects.toMatchObject({
      status,
    });
    expect(seen).toHaveLength(1);
  });

  it('gives up with a 503 ProxyApiError when the retry time is spent', async () => {
    answers = Array(50).fill(502);
    const error = await client({ retryTimeoutMs: 20 })
      .addRoute('/user/alice/', 'http://x:1', {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProxyApiError);
    expect((error as ProxyApiError).status).toBe(503);
  });

  it('retries connection errors until the API comes up', async () => {
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const pending = client({ apiUrl: `http://127.0.0.1:${port}` }).deleteRoute('/user/alice/');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await pending;
    expect(seen).toEqual([
      expect.objectContaining({ method: 'DELETE', url: '/api/routes/user/alice' }),
    ]);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const c = client({ concurrency: 3 });
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => c.addRoute(`/user/u${i}/`, 'http://x:1', {})),
    );
    expect(seen).toHaveLength(12);
    expect(maxInFlight).toBe(3);
  });
});
