import { ShareEntity } from '@orrery/core';
import { HubFixture, PersonaTokens, startHub } from './fixtures/hub-fixture';

describe('shares: /users/{name}/shared and /groups/{name}/shared', () => {
  let hub: HubFixture;
  const call = (method: 'get' | 'delete', path: string, caller: keyof PersonaTokens = 'admin') =>
    hub.http()[method](`/hub/api${path}`).set(hub.auth(hub.tokens[caller]));
  const shareRows = () => hub.dataSource.getRepository(ShareEntity).count();

  beforeAll(async () => {
    hub = await startHub();
  });
  afterAll(async () => {
    await hub.close();
  });
  beforeEach(async () => {
    await hub.dataSource.getRepository(ShareEntity).clear();
    const grant = (body: object) =>
      hub
        .http()
        .post('/hub/api/shares/carol/')
        .set(hub.auth(hub.tokens.admin))
        .send(body)
        .expect(200);
    await grant({ user: 'bob' });
    await grant({ group: 'staff' });
  });

  it('lists what was shared with a user, directly and through groups', async () => {
    const response = await call('get', '/users/bob/shared', 'bob').expect(200);
    expect(response.body._pagination.total).toBe(2);
    expect(response.body.items.map((s: { kind: string }) => s.kind)).toEqual(['user', 'group']);
    const alice = await call('get', '/users/alice/shared', 'alice').expect(200);
    expect(alice.body.items).toHaveLength(1);
    expect(alice.body.items[0].group).toEqual({ name: 'staff' });
  });

  it('lists what was shared with a group', async () => {
    const response = await call('get', '/groups/staff/shared').expect(200);
    expect(response.body.items).toHaveLength(1);
    expect(response.body.items[0].server).toMatchObject({ user: { name: 'carol' }, name: '' });
  });

  it.each([
    ['/users/nobody/shared', 'No such user: nobody'],
    ['/groups/nogroup/shared', 'No such group: nogroup'],
    ['/users/nobody/shared/carol/', 'No such share for user nobody on carol/'],
    ['/users/alice/shared/carol/', 'No such share for user alice on carol/'],
    ['/users/bob/shared/carol/lab', 'No such share for user bob on carol/lab'],
    ['/users/bob/shared/nobody/', 'No such share for user bob on nobody/'],
    ['/groups/nogroup/shared/carol/', 'No such group: nogroup'],
    ['/groups/staff/shared/bob/', 'No such share for group staff on bob/'],
  ])('answers GET %s with 404', async (path, message) => {
    const response = await call('get', path).expect(404);
    expect(response.body.message).toBe(message);
  });

  it('answers the path without the server segment with 404', async () => {
    await call('get', '/users/bob/shared/carol').expect(404);
  });

  it.each([
    ['an admin', 'admin', '/users/bob/shared', 200],
    ['a plain user on self', 'bob', '/users/bob/shared', 200],
    ['a plain user on another user', 'alice', '/users/bob/shared', 404],
    ['a narrowed token', 'aliceNarrow', '/users/alice/shared', 403],
    ['a service with a custom role', 'readerService', '/users/bob/shared', 403],
    ['a group-filtered read role', 'carol', '/users/bob/shared', 404],
    ['a plain user on a group', 'bob', '/groups/staff/shared', 403],
    ['a plain user on own share', 'bob', '/users/bob/shared/carol/', 200],
    ["a plain user on another user's share", 'alice', '/users/bob/shared/carol/', 404],
  ] as [string, keyof PersonaTokens, string, number][])(
    'lets %s (%s) GET %s with %i',
    async (_l, caller, path, status) => {
      await call('get', path, caller).expect(status);
    },
  );

  it('lets a user leave a share, then 404s', async () => {
    const share = await call('get', '/users/bob/shared/carol/', 'bob').expect(200);
    expect(share.body).toMatchObject({
      kind: 'user',
      user: { name: 'bob' },
      scopes: ['access:servers!server=carol/'],
    });
    await call('delete', '/users/bob/shared/carol/', 'bob').expect(204);
    expect(await shareRows()).toBe(1);
    await call('delete', '/users/bob/shared/carol/', 'bob').expect(404);
    const whoami = await hub.http().get('/hub/api/user').set(hub.auth(hub.tokens.bob)).expect(200);
    // bob still reaches carol's server through the group share
    expect(whoami.body.scopes).toContain('access:servers!server=carol/');
  });

  it.each([
    ['another user', 'alice', '/users/bob/shared/carol/', 404],
    ['a service with a custom role', 'readerService', '/users/bob/shared/carol/', 403],
    ['a member on the group share', 'bob', '/groups/staff/shared/carol/', 403],
  ] as [string, keyof PersonaTokens, string, number][])(
    'refuses %s (%s) DELETE %s with %i',
    async (_l, caller, path, status) => {
      await call('delete', path, caller).expect(status);
      expect(await shareRows()).toBe(2);
    },
  );

  it('lets an admin remove a group share', async () => {
    await call('delete', '/groups/staff/shared/carol/').expect(204);
    const response = await call('get', '/groups/staff/shared').expect(200);
    expect(response.body.items).toEqual([]);
  });
});
