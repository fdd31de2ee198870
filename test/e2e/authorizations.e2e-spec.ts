import { TokensService, UsersService } from '@orrery/api';
import { ApiTokenEntity, UserEntity } from '@orrery/core';
import { HubFixture, PersonaTokens, READER_SERVICE_TOKEN, startHub } from './fixtures/hub-fixture';

type Persona = keyof PersonaTokens;

describe('authorizations: the legacy /hub/api/authorizations endpoints', () => {
  let hub: HubFixture;
  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub.close();
  });

  const lookup = (token: string, caller?: string) => {
    const request = hub.http().get(`/hub/api/authorizations/token/${token}`);
    return caller ? request.set(hub.auth(caller)) : request;
  };

  it('gives an admin the full model of the token owner', async () => {
    const response = await lookup(hub.tokens.alice, hub.tokens.admin).expect(200);
    expect(response.body).toMatchObject({
      kind: 'user',
      name: 'alice',
      admin: false,
      groups: ['staff'],
      roles: ['user'],
      servers: {},
    });
    expect(typeof response.body.last_activity).toBe('string');
  });

  it.each([
    [
      'a plain user about another user',
      'bob',
      'alice',
      { kind: 'user', name: 'alice', admin: false, user_info: null, groups: ['staff'] },
    ],
    [
      'a narrowed token about its own owner',
      'aliceNarrow',
      'alice',
      { kind: 'user', name: 'alice', admin: false, user_info: null, groups: ['staff'] },
    ],
    [
      'a group-filtered role about a group member',
      'carol',
      'bob',
      expect.objectContaining({ kind: 'user', name: 'bob', roles: ['user'], groups: ['staff'] }),
    ],
    [
      'a service with a custom role (read:users)',
      'readerService',
      'bob',
      expect.objectContaining({ kind: 'user', name: 'bob', created: expect.any(String) }),
    ],
  ] as [string, Persona, Persona, unknown][])(
    'identifies the owner to %s',
    async (_label, caller, owner, model) => {
      const response = await lookup(hub.tokens[owner], hub.tokens[caller]).expect(200);
      expect(response.body).toEqual(model);
    },
  );

  it('identifies a service token with the service name', async () => {
    const response = await lookup(READER_SERVICE_TOKEN, hub.tokens.alice).expect(200);
    expect(response.body).toEqual({ kind: 'service', name: 'reader', admin: false });
  });

  it('records the activity of the token it resolves and of its user', async () => {
    const token = await hub.userToken('erin');
    await lookup(token, hub.tokens.admin).expect(200);
    const row = await hub.dataSource
      .getRepository(ApiTokenEntity)
      .findOneOrFail({ where: { note: 'e2e', user: { name: 'erin' } }, relations: { user: true } });
    expect(row.lastActivity).toBeInstanceOf(Date);
    const erin = await hub.dataSource.getRepository(UserEntity).findOneByOrFail({ name: 'erin' });
    expect(erin.lastActivity).toBeInstanceOf(Date);
  });

  it.each([
    ['an unknown token', async () => 'no-such-token-0123456789'],
    [
      'an expired token',
      async () => {
        const user = await hub.app.get(UsersService).ensure('frank');
        const { token, row } = await hub.app
          .get(TokensService)
          .issue({ owner: { userId: user.id }, scopes: ['inherit'] });
        await hub.dataSource
          .getRepository(ApiTokenEntity)
          .update({ id: row.id }, { expiresAt: new Date(Date.now() - 1000) });
        return token;
      },
    ],
  ])('answers 404 with a null message for %s', async (_label, makeToken) => {
    const response = await lookup(await makeToken(), hub.tokens.admin).expect(404);
    expect(response.body).toEqual({ status: 404, message: null });
  });

  it.each([
    ['no credentials', undefined],
    ['an invalid token', 'not-a-valid-token-0123'],
  ])('answers a bare 403 to a caller with %s', async (_label, caller) => {
    const response = await lookup(hub.tokens.alice, caller).expect(403);
    expect(response.body).toEqual({ status: 403, message: null });
  });

  it.each([
    ['without credentials', undefined],
    ['with an admin token', 'admin'],
  ] as [string, Persona | undefined][])(
    'answers POST /authorizations/token %s with 404 (removed in JupyterHub 2.0)',
    async (_label, caller) => {
      const request = hub.http().post('/hub/api/authorizations/token').send({});
      if (caller) request.set(hub.auth(hub.tokens[caller]));
      const response = await request.expect(404);
      expect(response.body).toEqual({
        status: 404,
        message:
          'Deprecated endpoint /hub/api/authorizations/token is removed in JupyterHub 2.0.' +
          ' Use /hub/api/users/:user/tokens instead.',
      });
    },
  );

  it.each([
    '/hub/api/authorizations/cookie/jupyterhub-hub-login/abc',
    '/hub/api/authorizations/cookie/jupyterhub-hub-login',
  ])('answers %s with 404 to a token (no login cookies yet)', async (path) => {
    const response = await hub.http().get(path).set(hub.auth(hub.tokens.admin)).expect(404);
    expect(response.body).toEqual({ status: 404, message: null });
    const anonymous = await hub.http().get(path).expect(403);
    expect(anonymous.body).toEqual({ status: 403, message: null });
  });
});
