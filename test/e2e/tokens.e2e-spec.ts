import { ApiTokenEntity, OAuthClientEntity } from '@orrery/core';
import { HubFixture, PersonaTokens, startHub } from './fixtures/hub-fixture';

type Persona = keyof PersonaTokens;

describe('tokens: GET /users/{name}/tokens and /users/{name}/tokens/{id}', () => {
  let hub: HubFixture;
  const tokensOf = async (name: string) => {
    const response = await hub
      .http()
      .get(`/hub/api/users/${name}/tokens`)
      .set(hub.auth(hub.tokens.admin))
      .expect(200);
    return response.body.api_tokens as Record<string, unknown>[];
  };
  const tokenRows = () => hub.dataSource.getRepository(ApiTokenEntity).count();
  const idOf = async (token: string) => {
    const response = await hub.http().get('/hub/api/user').set(hub.auth(token)).expect(200);
    return response.body.token_id as string;
  };

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub.close();
  });

  it('lists a user token model with effective scopes and the built-in client', async () => {
    const token = await hub.userToken('erin', ['read:users!user']);
    const id = await idOf(token);
    const [model] = await tokensOf('erin');
    expect(Object.keys(model).sort()).toEqual(
      [
        'created',
        'expires_at',
        'id',
        'kind',
        'last_activity',
        'note',
        'oauth_client',
        'roles',
        'scopes',
        'session_id',
        'user',
      ].sort(),
    );
    expect(model).toMatchObject({
      user: 'erin',
      id,
      kind: 'api_token',
      roles: [],
      note: 'e2e',
      session_id: null,
      expires_at: null,
      oauth_client: 'JupyterHub',
      scopes: [
        'read:users!user=erin',
        'read:users:activity!user=erin',
        'read:users:groups!user=erin',
        'read:users:name!user=erin',
      ],
    });
    expect(model.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
  });

  it.each([
    ['an admin', 'admin', 'alice', 200],
    ['a plain user on self', 'alice', 'alice', 200],
    ['a plain user on another user', 'alice', 'bob', 404],
    ['a narrowed token', 'aliceNarrow', 'alice', 403],
    ['a service with a custom role', 'readerService', 'alice', 403],
    ['a group-filtered role without read:tokens', 'carol', 'alice', 404],
    ['the admin service', 'adminService', 'bob', 200],
  ] as [string, Persona, string, number][])(
    'answers %s (%s) listing the tokens of %s with %i',
    async (_label, persona, who, status) => {
      const response = await hub
        .http()
        .get(`/hub/api/users/${who}/tokens`)
        .set(hub.auth(hub.tokens[persona]))
        .expect(status);
      if (status === 200) expect(Array.isArray(response.body.api_tokens)).toBe(true);
      if (status === 404)
        expect(response.body.message).toBe('No access to resources or resources not found');
      if (status === 403) expect(response.body.message).toContain('requires any of [read:tokens]');
    },
  );

  it('refuses listing without credentials', async () => {
    const response = await hub.http().get('/hub/api/users/alice/tokens').expect(403);
    expect(response.body).toEqual({ status: 403, message: 'Missing or invalid credentials.' });
  });

  it('answers 404 for an unknown user', async () => {
    const response = await hub
      .http()
      .get('/hub/api/users/nobody/tokens')
      .set(hub.auth(hub.tokens.admin))
      .expect(404);
    expect(response.body).toEqual({ status: 404, message: 'No such user: nobody' });
  });

  it('deletes expired tokens when listing and includes OAuth tokens', async () => {
    await hub.userToken('frank');
    const repository = hub.dataSource.getRepository(ApiTokenEntity);
    const user = (
      await repository.findOneOrFail({
        where: { note: 'e2e' },
        relations: { user: true },
        order: { id: 'DESC' },
      })
    ).user!;
    await hub.dataSource.getRepository(OAuthClientEntity).save({
      identifier: 'service-frank-client',
      description: 'Frank app',
      secret: '',
      redirectUri: '',
      allowedScopes: [],
    });
    const base = {
      userId: user.id,
      hashed: 'x',
      prefix: 'zzzz',
      scopes: ['inherit'],
      created: new Date(),
      lastActivity: null,
      serviceId: null,
      sessionId: null,
    };
    const expired = await repository.save(
      repository.create({
        ...base,
        note: 'old',
        expiresAt: new Date(Date.now() - 1000),
        clientId: 'jupyterhub',
      }),
    );
    const oauth = await repository.save(
      repository.create({
        ...base,
        hashed: 'y',
        note: 'oauth',
        expiresAt: null,
        clientId: 'service-frank-client',
        sessionId: 'sess',
      }),
    );
    const models = await tokensOf('frank');
    expect(models.map((m) => m.id)).not.toContain(`a${expired.id}`);
    expect(await repository.findOneBy({ id: expired.id })).toBeNull();
    expect(models.find((m) => m.id === `a${oauth.id}`)).toMatchObject({
      oauth_client: 'Frank app',
      session_id: 'sess',
    });
  });

  it('gets one token by id, and 404s ids of other users or malformed ones', async () => {
    const bobId = await idOf(hub.tokens.bob);
    const aliceId = await idOf(hub.tokens.alice);
    await hub
      .http()
      .get(`/hub/api/users/alice/tokens/${aliceId}`)
      .set(hub.auth(hub.tokens.alice))
      .expect(200);
    for (const id of [bobId, 'x1', 'a', 'abc', 'a99999999999', '1']) {
      const response = await hub
        .http()
        .get(`/hub/api/users/alice/tokens/${id}`)
        .set(hub.auth(hub.tokens.admin))
        .expect(404);
      expect(response.body.message).toBe(`No such token ${id} for user alice`);
    }
  });

  it.each([
    ['a plain user on another user', 'alice', 'bob', 404],
    ['a narrowed token', 'aliceNarrow', 'alice', 403],
    ['a service with a custom role', 'readerService', 'alice', 403],
    ['a group-filtered role', 'carol', 'alice', 404],
  ] as [string, Persona, string, number][])(
    'refuses deleting a token to %s (%s) on %s with %i',
    async (_label, persona, who, status) => {
      const id = await idOf(who === 'bob' ? hub.tokens.bob : hub.tokens.alice);
      const before = await tokenRows();
      await hub
        .http()
        .delete(`/hub/api/users/${who}/tokens/${id}`)
        .set(hub.auth(hub.tokens[persona]))
        .expect(status);
      expect(await tokenRows()).toBe(before);
    },
  );

  it('revokes a token: it no longer authenticates', async () => {
    const token = await hub.userToken('alice', ['read:users!user']);
    const id = await idOf(token);
    await hub
      .http()
      .delete(`/hub/api/users/alice/tokens/${id}`)
      .set(hub.auth(hub.tokens.alice))
      .expect(204);
    await hub.http().get('/hub/api/user').set(hub.auth(token)).expect(403);
    await hub
      .http()
      .get(`/hub/api/users/alice/tokens/${id}`)
      .set(hub.auth(hub.tokens.admin))
      .expect(404);
  });

  it("deleting one OAuth token deletes all of that user's tokens from that client (quirk 8)", async () => {
    const bob = await hub.dataSource.query("SELECT id FROM users WHERE name = 'bob'");
    const userId = Number(bob[0].id);
    await hub.dataSource.getRepository(OAuthClientEntity).save({
      identifier: 'service-bob-client',
      description: '',
      secret: '',
      redirectUri: '',
      allowedScopes: [],
    });
    const repository = hub.dataSource.getRepository(ApiTokenEntity);
    const base = {
      userId,
      prefix: 'qqqq',
      scopes: ['inherit'],
      created: new Date(),
      lastActivity: null,
      serviceId: null,
      sessionId: null,
      expiresAt: null,
      note: '',
      clientId: 'service-bob-client',
    };
    const first = await repository.save(repository.create({ ...base, hashed: 'b1' }));
    const second = await repository.save(repository.create({ ...base, hashed: 'b2' }));
    const models = await tokensOf('bob');
    expect(models.find((m) => m.id === `a${first.id}`)?.oauth_client).toBe('service-bob-client');
    await hub
      .http()
      .delete(`/hub/api/users/bob/tokens/a${first.id}`)
      .set(hub.auth(hub.tokens.admin))
      .expect(204);
    expect(await repository.findOneBy({ id: second.id })).toBeNull();
    await hub.http().get('/hub/api/user').set(hub.auth(hub.tokens.bob)).expect(200);
  });
});
