import { parseSubdomainHost } from '@orrery/core';
import Fastify from 'fastify';
import { isServerHost, registerHubHostGuard, SERVER_HOST_REFUSED } from './hub-host-guard';

const sub = parseSubdomainHost('http://hub.test:8000');

describe('isServerHost', () => {
  it.each([
    ['alice.hub.test:8000', true],
    ['ALICE.hub.test', true],
    ['hub.test:8000', false],
    ['127.0.0.1:8081', false],
    ['evilhub.test', false],
    [undefined, false],
    ['bad host', false],
  ])('%p is a server host: %p', (host, expected) => {
    expect(isServerHost(sub, host)).toBe(expected);
  });

  it("never counts the host of hub_connect_url, where servers call the API, as a server's", () => {
    expect(isServerHost(sub, 'api.hub.test:8081', 'api.hub.test')).toBe(false);
    expect(isServerHost(sub, 'alice.hub.test:8000', 'api.hub.test')).toBe(true);
  });
});

describe('registerHubHostGuard', () => {
  const app = Fastify();
  registerHubHostGuard(app, sub, '/hub/');
  app.all('/*', async () => 'hub page');

  afterAll(() => app.close());

  it("sends a page request on a user's host to the same path on the hub's host", async () => {
    const res = await app.inject({
      url: '/hub/login?next=/x',
      headers: { host: 'alice.hub.test:8000' },
    });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('http://hub.test:8000/hub/login?next=/x');
  });

  it("refuses the API and any other method on a user's host", async () => {
    for (const [method, url] of [
      ['GET', '/hub/api/user'],
      ['POST', '/hub/login'],
    ] as const) {
      const res = await app.inject({ method, url, headers: { host: 'alice.hub.test:8000' } });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ status: 403, message: SERVER_HOST_REFUSED });
    }
  });

  it("serves the hub's own host and the API address servers use", async () => {
    for (const host of ['hub.test:8000', '127.0.0.1:8081']) {
      const res = await app.inject({ url: '/hub/api/user', headers: { host } });
      expect(res.body).toBe('hub page');
    }
  });
});
