import { NUL_REFUSED } from '../../libs/api/src/http/nul-characters';
import { HubFixture, startHub } from './fixtures/hub-fixture';

/**
 * PostgreSQL cannot store U+0000: a NUL that reached a query answered 500 there (and was stored
 * on SQLite). Run on both databases by the e2e passes; every case is a 400 before any work.
 */
describe('requests carrying a NUL character', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub()));
  afterAll(() => hub.close());
  const api = () => hub.auth(hub.tokens.adminService);

  it.each([
    ['GET', '/hub/api/users/a%00b'],
    ['DELETE', '/hub/api/users/a%00b'],
    ['GET', '/hub/api/groups/g%00'],
    ['GET', '/hub/api/users?name_filter=a%00'],
    ['POST', '/hub/api/users/alice/servers/s%00'],
  ])('answers 400 to %s %s', async (method, path) => {
    const reply = await hub.http()[method.toLowerCase() as 'get'](path).set(api()).expect(400);
    expect(reply.body).toEqual({ status: 400, message: NUL_REFUSED });
  });

  it('answers 400 to a JSON body with a NUL anywhere, and stores nothing', async () => {
    const bodies = [
      ['/hub/api/groups/nul-users', { users: ['a\u0000b'] }],
      ['/hub/api/groups/nul-key', { properties: { 'k\u0000': 1 } }],
      ['/hub/api/users/alice/tokens', { note: 'n\u0000te' }],
    ] as const;
    for (const [path, body] of bodies) {
      const reply = await hub.http().post(path).set(api()).send(body).expect(400);
      expect(reply.body).toEqual({ status: 400, message: NUL_REFUSED });
    }
    await hub.http().get('/hub/api/groups/nul-users').set(api()).expect(404);
    await hub.http().get('/hub/api/groups/nul-key').set(api()).expect(404);
  });

  it('answers a page with a NUL in its address with a readable 400', async () => {
    const reply = await hub.http().get('/hub/user-redirect/a%00b').expect(400);
    expect(reply.text).toContain(NUL_REFUSED);
  });

  it('still takes the same requests without the NUL', async () => {
    await hub.http().get('/hub/api/users/alice').set(api()).expect(200);
    await hub
      .http()
      .post('/hub/api/groups/plain')
      .set(api())
      .send({ users: ['alice'] })
      .expect(201);
  });
});
