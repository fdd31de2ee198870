import { GroupEntity, SpawnerEntity, UserEntity } from '@orrery/core';
import { HubFixture, PersonaTokens, startHub } from './fixtures/hub-fixture';
import { addSpawner, forbidden, snapshot, USER_MANAGER_CONFIG } from './users-helpers';

describe('changing one user: PATCH/DELETE /hub/api/users/{name}', () => {
  let hub: HubFixture;
  let tokens: PersonaTokens;
  let userManager: string;

  const url = (name: string) => `/hub/api/users/${encodeURIComponent(name)}`;
  const userRow = (name: string) => hub.dataSource.getRepository(UserEntity).findOneBy({ name });

  beforeAll(async () => {
    hub = await startHub(USER_MANAGER_CONFIG);
    tokens = hub.tokens;
    userManager = await hub.userToken('umgr');
  });
  afterAll(async () => {
    await hub?.close();
  });

  describe('PATCH', () => {
    const patch = (name: string, body: unknown, token = tokens.admin) =>
      hub
        .http()
        .patch(url(name))
        .set(hub.auth(token))
        .set('Content-Type', 'text/plain')
        .send(body === undefined ? '' : JSON.stringify(body));

    it('renames a user, keeping its id, roles and tokens', async () => {
      const token = await hub.userToken('ren1');
      const before = await userRow('ren1');
      const response = await patch('ren1', { name: 'ren2' }).expect(200);
      expect(response.body).toMatchObject({ name: 'ren2', roles: ['user'], auth_state: null });
      expect((await userRow('ren2'))?.id).toBe(before?.id);
      expect(await userRow('ren1')).toBeNull();
      const self = await hub.http().get('/hub/api/user').set(hub.auth(token)).expect(200);
      expect(self.body.name).toBe('ren2');
    });

    it('grants and revokes admin, and the token scopes follow at once', async () => {
      const token = await hub.userToken('promo');
      await hub.http().get('/hub/api/info').set(hub.auth(token)).expect(403);
      const up = await patch('promo', { admin: true }).expect(200);
      expect(up.body).toMatchObject({ admin: true, roles: ['admin', 'user'] });
      await hub.http().get('/hub/api/info').set(hub.auth(token)).expect(200);
      const down = await patch('promo', { admin: false }).expect(200);
      expect(down.body).toMatchObject({ admin: false, roles: ['user'] });
      await hub.http().get('/hub/api/info').set(hub.auth(token)).expect(403);
    });

    it.each([
      ['an empty object', {}],
      ['the same name', { name: 'bob' }],
    ])('accepts %s as a no-op', async (_label, body) => {
      const before = await snapshot(hub);
      await patch('bob', body).expect(200);
      expect(await snapshot(hub)).toEqual(before);
    });

    it('lets a non-admin holder of admin:users rename a plain user', async () => {
      await hub.userToken('plain1', []);
      const response = await patch('plain1', { name: 'plain2' }, userManager).expect(200);
      expect(response.body.name).toBe('plain2');
    });

    it.each([
      [
        'a rename onto an existing name',
        'bob',
        { name: 'alice' },
        'admin',
        400,
        'User alice already exists, username must be unique',
      ],
      [
        'a rename to an invalid name',
        'bob',
        { name: 'b/c' },
        'admin',
        400,
        'Invalid username: b/c',
      ],
      [
        'a wrong type',
        'bob',
        { admin: 'true' },
        'admin',
        400,
        "user.admin must be <class 'bool'>, not: <class 'str'>",
      ],
      [
        'an unknown key',
        'bob',
        { email: 'b@x' },
        'admin',
        400,
        "Invalid JSON keys: {'email': 'b@x'}",
      ],
      ['no body', 'bob', undefined, 'admin', 400, 'Invalid JSON data: None'],
      [
        'auth_state without encryption',
        'bob',
        { auth_state: { k: 1 } },
        'admin',
        400,
        'Encryption keys must be specified in JUPYTERHUB_CRYPT_KEY env',
      ],
      [
        'groups',
        'bob',
        { groups: [] },
        'admin',
        400,
        'Cannot set groups here; use /groups/{name}/users',
      ],
      [
        'roles',
        'bob',
        { roles: ['admin'] },
        'admin',
        400,
        'Cannot set roles here; roles come from JupyterHub.load_roles',
      ],
      [
        'a non-admin granting admin',
        'bob',
        { admin: true },
        'umgr',
        403,
        'Only admins can grant admin permissions',
      ],
      [
        'a non-admin changing an admin',
        'root',
        { name: 'rooty' },
        'umgr',
        403,
        'Only admins can modify other admins',
      ],
      ['an unknown user', 'nobody', { admin: false }, 'admin', 404, 'No such user: nobody'],
      ['a plain user on self', 'alice', { name: 'alicia' }, 'alice', 403, forbidden('admin:users')],
      [
        'the custom-role service',
        'bob',
        { admin: false },
        'readerService',
        403,
        forbidden('admin:users'),
      ],
      ['the group-filtered role', 'bob', { admin: false }, 'carol', 403, forbidden('admin:users')],
    ] as const)(
      'refuses %s and changes nothing',
      async (_label, name, body, persona, status, message) => {
        const before = await snapshot(hub);
        const token = persona === 'umgr' ? userManager : tokens[persona];
        const response = await patch(name, body, token).expect(status);
        expect(response.body).toEqual({ status, message });
        expect(await snapshot(hub)).toEqual(before);
      },
    );
  });

  describe('DELETE', () => {
    const remove = (name: string, token = tokens.admin) =>
      hub.http().delete(url(name)).set(hub.auth(token));

    it('deletes a user with its tokens, spawners and group membership (204)', async () => {
      const token = await hub.userToken('gone1');
      await addSpawner(hub, 'gone1', '');
      const user = await userRow('gone1');
      const staff = await hub.dataSource
        .getRepository(GroupEntity)
        .findOneByOrFail({ name: 'staff' });
      await hub.dataSource
        .createQueryBuilder()
        .insert()
        .into('user_group_map')
        .values({ group_id: staff.id, user_id: user?.id })
        .execute();
      const response = await remove('gone1').expect(204);
      expect(response.text).toBe('');
      expect(await userRow('gone1')).toBeNull();
      await hub.http().get('/hub/api/user').set(hub.auth(token)).expect(403);
      const userId = user?.id as number;
      expect(await hub.dataSource.getRepository(SpawnerEntity).countBy({ userId })).toBe(0);
      const members = await hub.dataSource
        .createQueryBuilder()
        .select('COUNT(*)', 'n')
        .from('user_group_map', 'm')
        .where('m.user_id = :userId', { userId })
        .getRawOne<{ n: string | number }>();
      expect(Number(members?.n)).toBe(0);
      await hub.http().post(url('gone1')).set(hub.auth(tokens.admin)).expect(201);
    });

    it('lets a non-admin holder of admin:users (delete:users) delete', async () => {
      await hub.userToken('gone2', []);
      await remove('gone2', userManager).expect(204);
    });

    it.each([
      ['oneself', 'root', 'admin', 400, 'Cannot delete yourself!'],
      [
        'a user with an active named server',
        'busy',
        'admin',
        400,
        'Cannot delete user busy with active servers: busy/gpu',
      ],
      ['an unknown user', 'nobody', 'admin', 404, 'No such user: nobody'],
      ['a plain user on another', 'bob', 'alice', 403, forbidden('delete:users')],
      ['a plain user on self', 'alice', 'alice', 403, forbidden('delete:users')],
      ['the custom-role service', 'bob', 'readerService', 403, forbidden('delete:users')],
      ['the group-filtered role', 'bob', 'carol', 403, forbidden('delete:users')],
    ] as const)(
      'refuses to delete %s and changes nothing',
      async (_label, name, persona, status, message) => {
        if (name === 'busy' && !(await userRow('busy'))) {
          await hub.userToken('busy', []);
          await addSpawner(hub, 'busy', 'gpu', { active: true });
        }
        const before = await snapshot(hub);
        const response = await remove(name, tokens[persona]).expect(status);
        expect(response.body).toEqual({ status, message });
        expect(await snapshot(hub)).toEqual(before);
      },
    );
  });
});
