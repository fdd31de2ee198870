import { HubProxyService } from '@orrery/runtime';
import { request } from '../contracts/proxy/clients';
import { freePort } from '../contracts/proxy/peers';
import { HubFixture, startHub } from './fixtures/hub-fixture';

jest.setTimeout(30_000);

/** Limits of the public port of a hub with its in-process proxy, its API port listening too. */
describe('in-process proxy: limits at the public port', () => {
  let hub: HubFixture;
  let publicUrl: string;
  beforeAll(async () => {
    const apiPort = await freePort();
    hub = await startHub({ JupyterHub: { hub_bind_url: `http://127.0.0.1:${apiPort}` } });
    await hub.app.listen(apiPort, '127.0.0.1');
    publicUrl = `http://127.0.0.1:${hub.app.get(HubProxyService).publicPort}`;
  });
  afterAll(async () => {
    await hub?.close();
  });

  it.each([
    ['with a Content-Length', {}],
    ['chunked', { 'Transfer-Encoding': 'chunked' }],
  ])(
    'answers 413 to a body over the hub API limit sent through the public port (%s)',
    async (_name, framing) => {
      const reply = await request(`${publicUrl}/hub/api/users/alice/activity`, {
        method: 'POST',
        headers: { ...hub.auth(hub.tokens.alice), 'Content-Type': 'application/json', ...framing },
        body: Buffer.alloc(4 * 1024 * 1024, 32),
      });
      expect(reply.status).toBe(413);
      expect(JSON.parse(reply.body)).toMatchObject({ status: 413 });
    },
  );
});
