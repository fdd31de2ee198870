import { ShareCodeEntity } from '@orrery/core';
import { loginAs } from './fixtures/browser-login';
import { HubFixture, startHub } from './fixtures/hub-fixture';

/** `/hub/accept-share`: redeeming a share code in a browser (JupyterHub 5's AcceptShareHandler). */
describe('accept-share page', () => {
  let hub: HubFixture;
  beforeAll(async () => (hub = await startHub()));
  afterAll(() => hub.close());

  const issue = async (owner: string, server = '') =>
    (
      await hub
        .http()
        .post(`/hub/api/share-codes/${owner}/${server}`)
        .set(hub.auth(hub.tokens.admin))
        .send({})
        .expect(200)
    ).body as { code: string; accept_url: string };

  const browserOf = async (name: string) => {
    const session = await loginAs(hub, name);
    const headers = { Cookie: session.cookie, 'Sec-Fetch-Mode': 'navigate' };
    return {
      get: (path: string) => hub.http().get(path).set(headers),
      post: (path: string, form: Record<string, string>) =>
        hub
          .http()
          .post(path)
          .set(headers)
          .type('form')
          .send({ ...form, _xsrf: session.xsrf }),
    };
  };

  it('asks a logged-in user to accept, naming the owner and the scopes', async () => {
    const { accept_url } = await issue('alice');
    const bob = await browserOf('bob');
    const page = await bob.get(accept_url).expect(200);
    expect(page.text).toContain('alice invites you to access their server');
    expect(page.text).toContain('access:servers!server=alice/');
    expect(page.text).toMatch(/<form method="post" action="\/hub\/accept-share"/);
  });

  it('sends an anonymous browser to the login page first', async () => {
    const { accept_url } = await issue('alice');
    const response = await hub.http().get(accept_url).set('Sec-Fetch-Mode', 'navigate');
    expect(response.status).toBe(302);
    expect(response.headers.location).toMatch(/^\/hub\/login\?next=/);
  });

  it('redeems the code on POST: a share for the recipient, counted, then the server', async () => {
    const { code } = await issue('alice');
    const carl = await browserOf('as-carl');
    const accepted = await carl.post('/hub/accept-share', { code }).expect(302);
    expect(accepted.headers.location).toBe('/user/alice/');
    const shared = await hub
      .http()
      .get('/hub/api/users/as-carl/shared')
      .set(hub.auth(hub.tokens.admin))
      .expect(200);
    expect(shared.body.items).toEqual([
      expect.objectContaining({
        server: expect.objectContaining({ user: { name: 'alice' }, name: '' }),
        scopes: ['access:servers!server=alice/'],
      }),
    ]);
    const [row] = await hub.dataSource
      .getRepository(ShareCodeEntity)
      .find({ order: { id: 'DESC' }, take: 1 });
    expect(row.exchangeCount).toBe(1);
    expect(row.lastExchangedAt).not.toBeNull();
  });

  it('follows a next on this hub after accepting, never one off it', async () => {
    const { code } = await issue('alice');
    const dee = await browserOf('as-dee');
    const kept = await dee.post('/hub/accept-share?next=%2Fuser%2Falice%2Flab', { code });
    expect(kept.headers.location).toBe('/user/alice/lab');
    const dropped = await dee.post('/hub/accept-share?next=%2F%09%2Fevil.example.com', { code });
    expect(dropped.headers.location).toBe('/user/alice/');
  });

  it('answers an unknown code with 404 on GET and 400 on POST, and refuses the owner', async () => {
    const bob = await browserOf('bob');
    await bob.get('/hub/accept-share?code=not-a-code').expect(404);
    await bob.post('/hub/accept-share', { code: 'not-a-code' }).expect(400);
    const { accept_url, code } = await issue('alice');
    const alice = await browserOf('alice');
    const own = await alice.get(accept_url).expect(403);
    expect(own.text).toContain('You can&#39;t share with yourself!');
    await alice.post('/hub/accept-share', { code }).expect(400);
  });
});
