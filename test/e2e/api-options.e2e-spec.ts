import { HubFixture, startHub } from './fixtures/hub-fixture';

/** OPTIONS on the API as JupyterHub's APIHandler.options answers it: no credentials needed. */
describe('OPTIONS on the API', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub()));
  afterAll(() => hub.close());

  it.each(['/hub/api', '/hub/api/users', '/hub/api/users/alice/server', '/hub/api/no-such-thing'])(
    'answers OPTIONS %s with an empty 200 and the CORS header list',
    async (path) => {
      const response = await hub.http().options(path).set('Origin', 'https://other.example.org');
      expect(response.status).toBe(200);
      expect(response.text).toBe('');
      expect(response.headers['access-control-allow-headers']).toBe(
        'accept, content-type, authorization',
      );
      expect(response.headers['x-jupyterhub-version']).toBeDefined();
    },
  );
});
