import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProxyServer } from './proxy-server';
import { withoutServiceWorkerScope } from './service-worker-scope';

describe('withoutServiceWorkerScope', () => {
  it('drops Service-Worker-Allowed in any case and keeps the rest in order', () => {
    const raw = ['Content-Type', 'text/javascript', 'Service-Worker-Allowed', '/', 'X-A', '1'];
    expect(withoutServiceWorkerScope(raw)).toEqual(['Content-Type', 'text/javascript', 'X-A', '1']);
    expect(withoutServiceWorkerScope(['service-worker-allowed', '/hub/'])).toEqual([]);
  });

  it('answers the same array when the header is absent', () => {
    const raw = ['Content-Type', 'text/html'];
    expect(withoutServiceWorkerScope(raw)).toBe(raw);
  });
});

describe('the proxy and a service worker scope widened by a user server', () => {
  let proxy: ProxyServer;
  let target: http.Server;
  let publicPort: number;

  beforeAll(async () => {
    target = http.createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/javascript');
      res.setHeader('Service-Worker-Allowed', '/');
      res.end('self.onfetch = () => {};');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    proxy = new ProxyServer();
    publicPort = (await proxy.start({ ip: '127.0.0.1', port: 0, authToken: 'spec' })).port;
    const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    proxy.addRoute('/user/alice', { target: url, user: 'alice', server_name: '' });
    proxy.addRoute('/', { target: url, hub: true });
  });
  afterAll(async () => {
    await proxy.stop();
    await new Promise((resolve) => target.close(resolve));
  });

  function headersOf(path: string): Promise<http.IncomingHttpHeaders> {
    return new Promise((resolve, reject) => {
      http
        .get(
          { host: '127.0.0.1', port: publicPort, path, headers: { 'Service-Worker': 'script' } },
          (res) => {
            res.resume();
            resolve(res.headers);
          },
        )
        .on('error', reject);
    });
  }

  it("drops Service-Worker-Allowed from a user server's answer", async () => {
    const headers = await headersOf('/user/alice/files/sw.js');
    expect(headers['service-worker-allowed']).toBeUndefined();
    expect(headers['content-type']).toBe('text/javascript');
  });

  it("passes the hub route's answer on unchanged", async () => {
    expect((await headersOf('/hub/sw.js'))['service-worker-allowed']).toBe('/');
  });
});
