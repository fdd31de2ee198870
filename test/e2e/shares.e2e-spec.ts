import { ShareEntity, SpawnerEntity } from '@orrery/core';
import { HubFixture, PERSONAS_CONFIG, PersonaTokens, startHub } from './fixtures/hub-fixture';

/** Sharing is not part of the default `user` role; these roles grant it. */
const SHARE_PERSONAS = {
  JupyterHub: {
    load_roles: [
      ...PERSONAS_CONFIG.JupyterHub.load_roles,
      { name: 'self-sharer', scopes: ['shares!user', 'read:users:name'], users: ['sam'] },
      {
        name: 'staff-sharer',
        scopes: ['shares!group=staff', 'read:users:name!group=staff'],
        users: ['gina'],
      },
    ],
  },
};

type Caller = keyof PersonaTokens | 'sam' | 'gina' | 'aliceServerReader';

describe('shares: /shares/{owner}[/{server}]', () => {
  let hub: HubFixture;
  const extra: Record<string, string> = {};
  const tokenOf = (caller: Caller) =>
    caller in extra ? extra[caller] : hub.tokens[caller as keyof PersonaTokens];
  const call = (
    method: 'get' | 'post' | 'patch' | 'delete',
    path: string,
    caller: Caller = 'admin',
  ) => {
    const agent = hub.http();
    return agent[method](`/hub/api${path}`).set(hub.auth(tokenOf(caller)));
  };
  const shareRows = () => hub.dataSource.getRepository(ShareEntity).count();
  const clearShares = () => hub.dataSource.getRepository(ShareEntity).clear();

  beforeAll(async () => {
    hub = await startHub(SHARE_PERSONAS);
    extra.sam = await hub.userToken('sam');
    extra.gina = await hub.userToken('gina');
    extra.aliceServerReader = await hub.userToken('alice', ['read:shares!server=alice/']);
  });
  afterAll(async () => {
    await hub.close();
  });
  beforeEach(clearShares);

  it('grants access to the default server, making its spawner row, and the recipient gains it', async () => {
    const response = await call('post', '/shares/alice/').send({ user: 'bob' }).expect(200);
    expect(response.body).toEqual({
      server: {
        user: { name: 'alice' },
        name: '',
        url: '/user/alice/',
        full_url: null,
        ready: false,
      },
      scopes: ['access:servers!server=alice/'],
      user: { name: 'bob' },
      group: null,
      kind: 'user',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/),
    });
    const spawners = await hub.dataSource
      .getRepository(SpawnerEntity)
      .find({ relations: { user: true } });
    expect(spawners.some((s) => s.user.name === 'alice' && s.name === '')).toBe(true);
    const whoami = await hub.http().get('/hub/api/user').set(hub.auth(hub.tokens.bob)).expect(200);
    expect(whoami.body.scopes).toContain('access:servers!server=alice/');
  });

  it('adds scopes to an existing share and keeps them sorted', async () => {
    await call('post', '/shares/alice/').send({ user: 'bob' }).expect(200);
    const response = await call('post', '/shares/alice/')
      .send({ user: 'bob', scopes: ['read:servers', 'access:servers!server=alice/'] })
      .expect(200);
    expect(response.body.scopes).toEqual([
      'access:servers!server=alice/',
      'read:servers!server=alice/',
    ]);
    expect(await shareRows()).toBe(1);
  });

  it('lists shares of a server and of an owner, always paginated', async () => {
    await call('post', '/shares/alice/').send({ user: 'bob' }).expect(200);
    await call('post', '/shares/alice/').send({ group: 'staff' }).expect(200);
    const server = await call('get', '/shares/alice/').expect(200);
    expect(server.body._pagination).toEqual({ offset: 0, limit: 200, total: 2, next: null });
    expect(server.body.items.map((s: { kind: string }) => s.kind)).toEqual(['user', 'group']);
    const owner = await call('get', '/shares/alice?limit=1').expect(200);
    expect(owner.body.items).toHaveLength(1);
    expect(owner.body._pagination).toMatchObject({ offset: 0, limit: 1, total: 2 });
    expect(owner.body._pagination.next).toMatchObject({ offset: 1, limit: 1 });
    expect(owner.body._pagination.next.url).toContain('/hub/api/shares/alice?limit=1&offset=1');
    const accepting = await call('get', '/shares/alice')
      .set('Accept', 'application/jupyterhub-pagination+json')
      .expect(200);
    expect(accepting.body._pagination.limit).toBe(50);
    await call('get', '/shares/alice?offset=x').expect(400);
    const far = await call('get', `/shares/alice?offset=${'9'.repeat(30)}`).expect(200);
    expect(far.body.items).toEqual([]);
  });

  it('lists nothing for a default server that has no spawner row yet', async () => {
    const response = await call('get', '/shares/carol/').expect(200);
    expect(response.body).toEqual({
      items: [],
      _pagination: { offset: 0, limit: 200, total: 0, next: null },
    });
  });

  it('revokes listed scopes, then everything, answering {} when nothing is left', async () => {
    await call('post', '/shares/alice/')
      .send({ user: 'bob', scopes: ['access:servers', 'read:servers'] })
      .expect(200);
    const partial = await call('patch', '/shares/alice/')
      .send({ user: 'bob', scopes: ['read:servers!server=alice/', 'access:servers'] })
      .expect(200);
    expect(partial.body.scopes).toEqual(['access:servers!server=alice/']);
    const all = await call('patch', '/shares/alice/').send({ user: 'bob' }).expect(200);
    expect(all.body).toEqual({});
    expect(await shareRows()).toBe(0);
    const unknown = await call('patch', '/shares/alice/').send({ user: 'nobody' }).expect(200);
    expect(unknown.body).toEqual({});
  });

  it('deletes every share of a server', async () => {
    await call('post', '/shares/alice/').send({ user: 'bob' }).expect(200);
    await call('post', '/shares/alice/').send({ group: 'staff' }).expect(200);
    await call('delete', '/shares/alice/').expect(204);
    expect(await shareRows()).toBe(0);
  });

  it.each([
    ['an admin', 'admin', '/shares/alice/', 200, null],
    ['the admin service', 'adminService', '/shares/alice/', 200, null],
    [
      'a plain user on self (sharing is not in the user role)',
      'alice',
      '/shares/alice/',
      403,
      'requires any of [shares]',
    ],
    ['a plain user on another user', 'bob', '/shares/alice/', 403, 'requires any of [shares]'],
    ['a user with shares!user on self', 'sam', '/shares/sam/', 200, null],
    [
      'a user with shares!user on another user',
      'sam',
      '/shares/alice/',
      404,
      'No access to resources or resources not found',
    ],
    ['a group-filtered role on a member', 'gina', '/shares/alice/', 200, null],
    [
      'a group-filtered role on a non-member',
      'gina',
      '/shares/carol/',
      404,
      'No access to resources or resources not found',
    ],
    ['a narrowed token', 'aliceNarrow', '/shares/alice/', 403, 'requires any of [shares]'],
    [
      'a service with a custom role',
      'readerService',
      '/shares/alice/',
      403,
      'requires any of [shares]',
    ],
    ['a group-filtered read role', 'carol', '/shares/alice/', 403, 'requires any of [shares]'],
  ] as [string, Caller, string, number, string | null][])(
    'lets %s (%s) POST %s with %i',
    async (_label, caller, path, status, message) => {
      const response = await call('post', path, caller).send({ user: 'bob' }).expect(status);
      if (message) expect(response.body.message).toContain(message);
      expect(await shareRows()).toBe(status === 200 ? 1 : 0);
    },
  );

  it.each([
    ['an admin', 'admin', '/shares/alice', 200],
    ['a plain user on self', 'alice', '/shares/alice', 200],
    ['a plain user on another user', 'alice', '/shares/bob', 404],
    ['a server-filtered token on that server', 'aliceServerReader', '/shares/alice/', 200],
    ['a server-filtered token on the whole owner', 'aliceServerReader', '/shares/alice', 404],
    ['a narrowed token', 'aliceNarrow', '/shares/alice', 403],
    ['a service with a custom role', 'readerService', '/shares/alice', 403],
    ['a group-filtered read role', 'carol', '/shares/alice', 404],
  ] as [string, Caller, string, number][])(
    'lets %s (%s) GET %s with %i',
    async (_l, caller, path, status) => {
      await call('get', path, caller).expect(status);
    },
  );

  it.each([
    ['no recipient', {}, 400, 'Value error, Specify exactly one of `user` or `group`'],
    [
      'both recipients',
      { user: 'bob', group: 'staff' },
      400,
      'Expected exactly one of `user` or `group`, not both.',
    ],
    [
      'a wrong type',
      { user: ['bob'] },
      400,
      "user\n  Input should be a valid string [type=string_type, input_value=['bob'], input_type=list]",
    ],
    [
      'an unknown key',
      { user: 'bob', expires_in: 5 },
      400,
      'expires_in\n  Extra inputs are not permitted',
    ],
    ['an unknown user', { user: 'nobody' }, 400, 'No such user: nobody'],
    ['an unknown group', { group: 'nogroup' }, 400, 'No such group: nogroup'],
    [
      'another server filter',
      { user: 'bob', scopes: ['read:servers!server=other/'] },
      400,
      '!server=other/ not allowed on sharing read:servers!server=other/, only !server=alice/',
    ],
    [
      'an unknown scope',
      { user: 'bob', scopes: ['nope'] },
      400,
      "Scope 'nope' for share does not exist",
    ],
    [
      'a list body',
      [1],
      400,
      'Input should be a valid dictionary or instance of ShareGrantRequest',
    ],
  ])('refuses a grant with %s and stores nothing', async (_label, body, status, message) => {
    const response = await call('post', '/shares/alice/')
      .send(body as object)
      .expect(status);
    expect(response.body.message).toContain(message);
    expect(await shareRows()).toBe(0);
  });

  it.each([
    [
      'sam',
      '/shares/sam/',
      { user: 'bob', scopes: ['admin:servers'] },
      'Do not have permission to grant share with scope admin:servers!server=sam/',
    ],
    [
      'sam',
      '/shares/sam/',
      { group: 'staff' },
      "Need scope 'read:groups:name' to share with groups by name",
    ],
    [
      'gina',
      '/shares/alice/',
      { user: 'carol' },
      "Need scope 'read:users:name' to share with users by name",
    ],
  ] as [Caller, string, object, string][])(
    'refuses %s on %s granting %p with 403',
    async (caller, path, body, message) => {
      const response = await call('post', path, caller).send(body).expect(403);
      expect(response.body.message).toBe(message);
      expect(await shareRows()).toBe(0);
    },
  );

  it.each([
    ['an unknown named server', '/shares/alice/nosuch', 'No such server: alice/nosuch'],
    ['an unknown owner', '/shares/nobody/', 'No such server: nobody/'],
  ])('answers 404 for %s', async (_label, path, message) => {
    for (const method of ['get', 'post', 'patch', 'delete'] as const) {
      const response = await call(method, path).send({ user: 'bob' }).expect(404);
      expect(response.body.message).toBe(message);
    }
    const owner = await call('get', '/shares/nobody').expect(404);
    expect(owner.body).toEqual({ status: 404, message: null });
  });

  it.each(['post', 'patch', 'delete'] as const)(
    'answers %s without a server with 405',
    async (method) => {
      const response = await call(method, '/shares/alice').send({ user: 'bob' }).expect(405);
      expect(response.body).toEqual({ status: 405, message: null });
    },
  );

  it('answers malformed JSON with 400 and a huge body with 413, storing nothing', async () => {
    await call('post', '/shares/alice/')
      .set('Content-Type', 'application/json')
      .send('{"user"')
      .expect(400);
    await call('post', '/shares/alice/')
      .send({ user: 'bob', scopes: ['x'.repeat(2 * 1024 * 1024)] })
      .expect(413);
    expect(await shareRows()).toBe(0);
  });
});
