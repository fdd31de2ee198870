import { HubFixture, startHub } from './fixtures/hub-fixture';

/** Every paginated list refuses or bounds an absurd offset/limit: a 400 in JupyterHub's shape, never a 500. */
describe('pagination bounds', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub()));
  afterAll(() => hub.close());

  const LISTS = [
    '/hub/api/users',
    '/hub/api/groups',
    '/hub/api/proxy',
    '/hub/api/users/alice/shared',
    '/hub/api/shares/alice',
    '/hub/api/share-codes/alice',
  ];

  describe.each(LISTS)('%s', (path) => {
    it.each(['99999999999999999999999', '9007199254740993', '-99999999999999999999'])(
      'answers offset=%p with a page (JupyterHub uses its absolute value), not a 500',
      async (offset) => {
        const response = await hub
          .http()
          .get(`${path}?offset=${offset}`)
          .set(hub.auth(hub.tokens.admin));
        expect(response.status).toBe(200);
      },
    );

    it.each(['1e30', 'abc', '', '1.5', '0x10'])('refuses offset=%p with 400', async (offset) => {
      const response = await hub
        .http()
        .get(`${path}?offset=${offset}`)
        .set(hub.auth(hub.tokens.admin));
      expect(response.status).toBe(400);
      expect(response.body).toEqual({ status: 400, message: expect.any(String) });
    });

    it.each(['99999999999999999999999', '1e30', '-1'])(
      'bounds or refuses limit=%p',
      async (limit) => {
        const response = await hub
          .http()
          .get(`${path}?limit=${limit}`)
          .set(hub.auth(hub.tokens.admin));
        expect([200, 400]).toContain(response.status);
      },
    );
  });
});
