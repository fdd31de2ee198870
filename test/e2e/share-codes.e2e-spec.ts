import { matchesTokenHash, ShareCodeEntity } from '@orrery/core';
import { HubFixture, PERSONAS_CONFIG, PersonaTokens, startHub } from './fixtures/hub-fixture';

const SHARE_PERSONAS = {
  JupyterHub: {
    load_roles: [
      ...PERSONAS_CONFIG.JupyterHub.load_roles,
      { name: 'self-sharer', scopes: ['shares!user'], users: ['sam'] },
    ],
  },
};

type Caller = keyof PersonaTokens | 'sam';

describe('share codes: /share-codes/{owner}[/{server}]', () => {
  let hub: HubFixture;
  let sam: string;
  const call = (method: 'get' | 'post' | 'delete', path: string, caller: Caller = 'admin') => {
    const agent = hub.http();
    return agent[method](`/hub/api${path}`).set(
      hub.auth(caller === 'sam' ? sam : hub.tokens[caller]),
    );
  };
  const repository = () => hub.dataSource.getRepository(ShareCodeEntity);
  const issue = async (path = '/share-codes/alice/', body: object = {}) =>
    (await call('post', path).send(body).expect(200)).body as Record<string, string>;

  beforeAll(async () => {
    hub = await startHub(SHARE_PERSONAS);
    sam = await hub.userToken('sam');
  });
  afterAll(async () => {
    await hub.close();
  });
  beforeEach(() => repository().clear());

  it('issues a code once, stored only as a hash', async () => {
    const before = Date.now();
    const model = await issue();
    expect(model).toEqual({
      server: {
        user: { name: 'alice' },
        name: '',
        url: '/user/alice/',
        full_url: null,
        ready: false,
      },
      scopes: ['access:servers!server=alice/'],
      id: expect.stringMatching(/^sc_\d+$/),
      created_at: expect.any(String),
      expires_at: expect.any(String),
      exchange_count: 0,
      last_exchanged_at: null,
      code: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      accept_url: `/hub/accept-share?code=${model.code}`,
      full_accept_url: null,
    });
    const lifetime = Date.parse(model.expires_at) - before;
    expect(Math.abs(lifetime - 86400_000)).toBeLessThan(10_000);
    const [row] = await repository().find();
    expect(row.hashed).not.toContain(model.code);
    expect(row.prefix).toBe(model.code.slice(0, 4));
    expect(matchesTokenHash(model.code, row.hashed)).toBe(true);
  });

  it('lists codes without the code, per server and per owner, always paginated', async () => {
    const first = await issue();
    await issue('/share-codes/alice/', { scopes: ['read:servers'] });
    const server = await call('get', '/share-codes/alice/').expect(200);
    expect(server.body._pagination).toEqual({ offset: 0, limit: 200, total: 2, next: null });
    expect(server.body.items[0].id).toBe(first.id);
    for (const item of server.body.items) expect(item).not.toHaveProperty('code');
    const owner = await call('get', '/share-codes/alice').expect(200);
    expect(owner.body.items).toHaveLength(2);
    expect(owner.body.items[1].scopes).toEqual(['read:servers!server=alice/']);
  });

  it('leaves expired codes out of the page (they still count in total, as in JupyterHub)', async () => {
    const model = await issue();
    await repository().update(
      { id: Number(model.id.slice(3)) },
      { expiresAt: new Date(Date.now() - 1000) },
    );
    const response = await call('get', '/share-codes/alice/').expect(200);
    expect(response.body.items).toEqual([]);
    expect(response.body._pagination.total).toBe(1);
  });

  it.each([
    [{ expires_in: 60 }, 60],
    [{ expires_in: 525600 * 60 }, 525600 * 60],
  ])('accepts %p', async (body, seconds) => {
    const model = await issue('/share-codes/alice/', body);
    const lifetime = Date.parse(model.expires_at) - Date.parse(model.created_at);
    expect(Math.abs(lifetime - seconds * 1000)).toBeLessThan(2_000);
  });

  it.each([
    [{ expires_in: 'notanumber' }, 'unable to parse string as an integer'],
    [{ expires_in: -1 }, 'Input should be greater than or equal to 60'],
    [{ expires_in: 525600 * 60 + 1 }, 'Input should be less than or equal to 31536000'],
    [{ expires_in: null }, 'Input should be a valid integer'],
    [{ user: 'bob' }, 'Extra inputs are not permitted'],
    [{ scopes: ['read:servers!server=other/'] }, '!server=other/ not allowed on sharing'],
    [{ scopes: ['nope'] }, "Scope 'nope' for share does not exist"],
  ])('refuses %p with 400 and stores nothing', async (body, message) => {
    const response = await call('post', '/share-codes/alice/').send(body).expect(400);
    expect(response.body.message).toContain(message);
    expect(await repository().count()).toBe(0);
  });

  it.each([
    ['an admin', 'admin', '/share-codes/alice/', 200],
    ['the admin service', 'adminService', '/share-codes/alice/', 200],
    ['a plain user on self (sharing is not in the user role)', 'alice', '/share-codes/alice/', 403],
    ['a user with shares!user on self', 'sam', '/share-codes/sam/', 200],
    ['a user with shares!user on another user', 'sam', '/share-codes/alice/', 404],
    ['a narrowed token', 'aliceNarrow', '/share-codes/alice/', 403],
    ['a service with a custom role', 'readerService', '/share-codes/alice/', 403],
    ['a group-filtered read role', 'carol', '/share-codes/alice/', 403],
  ] as [string, Caller, string, number][])(
    'lets %s (%s) POST %s with %i',
    async (_l, caller, path, status) => {
      await call('post', path, caller).send({}).expect(status);
      expect(await repository().count()).toBe(status === 200 ? 1 : 0);
    },
  );

  it('refuses granting a scope the caller lacks before looking up the server', async () => {
    const denied = await call('post', '/share-codes/sam/', 'sam')
      .send({ scopes: ['admin:servers'] })
      .expect(403);
    expect(denied.body.message).toBe(
      'Do not have permission to grant share with scope admin:servers!server=sam/',
    );
    const missing = await call('post', '/share-codes/sam/lab', 'sam').send({}).expect(404);
    expect(missing.body.message).toBe('No such server: sam/lab');
  });

  it.each([
    ['/share-codes/nobody', null],
    ['/share-codes/nobody/', 'No such server: nobody/'],
    ['/share-codes/alice/nosuchserver', 'No such server: alice/nosuchserver'],
  ])('answers GET %s with 404', async (path, message) => {
    const response = await call('get', path).expect(404);
    expect(response.body.message).toBe(message);
  });

  it.each(['post', 'delete'] as const)('answers %s without a server with 405', async (method) => {
    await call(method, '/share-codes/alice').expect(405);
  });

  it('revokes one code by code or by id, or all of them', async () => {
    const a = await issue();
    const b = await issue();
    const c = await issue();
    await call('delete', `/share-codes/alice/?code=${encodeURIComponent(a.code)}`).expect(204);
    await call('delete', `/share-codes/alice/?id=${b.id}`).expect(204);
    expect((await repository().find()).map((row) => `sc_${row.id}`)).toEqual([c.id]);
    await issue();
    await call('delete', '/share-codes/alice/').expect(204);
    expect(await repository().count()).toBe(0);
  });

  it.each([
    ['?id=invalid', 'No code found matching id=invalid'],
    ['?id=sc_9999', 'No code found matching id=sc_9999'],
    ['?id=sc_99999999999', 'No code found matching id=sc_99999999999'],
    ['?code=nomatch', 'No matching code found'],
  ])('answers DELETE %s with 404 and keeps the codes', async (query, message) => {
    await issue();
    const response = await call('delete', `/share-codes/alice/${query}`).expect(404);
    expect(response.body.message).toBe(message);
    expect(await repository().count()).toBe(1);
  });

  it.each([
    ['a reader of shares', 'alice', 403],
    ['a user with shares!user on another user', 'sam', 404],
    ['a service with a custom role', 'readerService', 403],
  ] as [string, Caller, number][])('refuses %s (%s) DELETE with %i', async (_l, caller, status) => {
    const code = await issue();
    await call(
      'delete',
      `/share-codes/alice/?code=${encodeURIComponent(code.code)}`,
      caller,
    ).expect(status);
    expect(await repository().count()).toBe(1);
  });

  it('answers malformed JSON with 400 and a huge body with 413, storing nothing', async () => {
    await call('post', '/share-codes/alice/')
      .set('Content-Type', 'application/json')
      .send('[')
      .expect(400);
    await call('post', '/share-codes/alice/')
      .send({ scopes: ['x'.repeat(2 * 1024 * 1024)] })
      .expect(413);
    expect(await repository().count()).toBe(0);
  });
});
