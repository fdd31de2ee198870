import { isoformat, ModelGeneration, UserEntity } from '@orrery/core';
import { HubFixture, PERSONAS_CONFIG, startHub } from './fixtures/hub-fixture';

/**
 * `GET /hub/api/user` reuses its response per credential (see SelfController): every change
 * to what it shows must appear on the very next request, each test reading it right before
 * and right after one change.
 */
describe('whoami after a change: GET /hub/api/user', () => {
  let hub: HubFixture;

  const whoami = (token: string) => hub.http().get('/hub/api/user').set(hub.auth(token));
  const asAdmin = <T extends { set: (h: Record<string, string>) => T }>(test: T): T =>
    test.set(hub.auth(hub.tokens.adminService));
  const patchUser = (name: string, body: unknown) =>
    asAdmin(hub.http().patch(`/hub/api/users/${name}`)).send(body as object);

  /** A new user with a full-power token, and that token's whoami read once to warm the cache. */
  const freshUser = async (name: string): Promise<{ token: string; tokenId: string }> => {
    await asAdmin(hub.http().post(`/hub/api/users/${name}`)).expect(201);
    const created = await asAdmin(hub.http().post(`/hub/api/users/${name}/tokens`))
      .send({})
      .expect(201);
    const token = created.body.token as string;
    await whoami(token).expect(200);
    return { token, tokenId: created.body.id as string };
  };

  beforeAll(async () => {
    hub = await startHub({
      JupyterHub: {
        load_groups: { ...PERSONAS_CONFIG.JupyterHub.load_groups, team: { users: [] } },
        load_roles: [
          ...PERSONAS_CONFIG.JupyterHub.load_roles,
          { name: 'team-services', scopes: ['read:services'], groups: ['team'] },
        ],
      },
    });
  });
  afterAll(async () => {
    await hub?.close();
  });

  it('shows the admin role and its scopes as soon as admin is granted, and drops them when revoked', async () => {
    const { token } = await freshUser('promoted');
    await patchUser('promoted', { admin: true }).expect(200);
    const up = await whoami(token).expect(200);
    expect(up.body).toMatchObject({ admin: true, roles: ['admin', 'user'] });
    expect(up.body.scopes).toContain('admin:users');
    await patchUser('promoted', { admin: false }).expect(200);
    const down = await whoami(token).expect(200);
    expect(down.body).toMatchObject({ admin: false, roles: ['user'] });
    expect(down.body.scopes).not.toContain('admin:users');
  });

  it("shows a group and its role's scopes as soon as the user joins, and not after it leaves", async () => {
    const { token } = await freshUser('joiner');
    expect((await whoami(token).expect(200)).body.scopes).not.toContain('read:services');
    await asAdmin(hub.http().post('/hub/api/groups/team/users'))
      .send({ users: ['joiner'] })
      .expect(200);
    const joined = await whoami(token).expect(200);
    expect(joined.body.groups).toEqual(['team']);
    expect(joined.body.scopes).toContain('read:services');
    await asAdmin(hub.http().delete('/hub/api/groups/team/users'))
      .send({ users: ['joiner'] })
      .expect(200);
    const left = await whoami(token).expect(200);
    expect(left.body.groups).toEqual([]);
    expect(left.body.scopes).not.toContain('read:services');
  });

  it('refuses a token on the request right after it is revoked', async () => {
    const { token, tokenId } = await freshUser('revoked');
    await asAdmin(hub.http().delete(`/hub/api/users/revoked/tokens/${tokenId}`)).expect(204);
    await whoami(token).expect(403);
  });

  it('shows the new name and its scopes right after a rename', async () => {
    const { token } = await freshUser('oldname');
    await patchUser('oldname', { name: 'newname' }).expect(200);
    const renamed = await whoami(token).expect(200);
    expect(renamed.body.name).toBe('newname');
    expect(renamed.body.scopes).toContain('read:users!user=newname');
    expect(renamed.body.scopes).not.toContain('read:users!user=oldname');
  });

  it('refuses the token of a deleted user on the next request', async () => {
    const { token } = await freshUser('deleted');
    await asAdmin(hub.http().delete('/hub/api/users/deleted')).expect(204);
    await whoami(token).expect(403);
  });

  it('shows last_activity reported through the activity API on the next request', async () => {
    const { token } = await freshUser('active');
    // later than the token's own activity write, within JupyterHub's hour of allowed skew
    const reported = isoformat(new Date(Date.now() + 60_000));
    await asAdmin(hub.http().post('/hub/api/users/active/activity'))
      .send({ last_activity: reported })
      .expect(200);
    expect((await whoami(token).expect(200)).body.last_activity).toBe(reported);
  });

  it('shows a write made outside the API once its writer bumps the ModelGeneration', async () => {
    const { token } = await freshUser('internal');
    await hub.dataSource
      .getRepository(UserEntity)
      .update({ name: 'internal' }, { userInfo: { source: 'internal writer' } });
    hub.app.get(ModelGeneration).bump();
    const response = await whoami(token).expect(200);
    expect(response.body.user_info).toEqual({ source: 'internal writer' });
  });
});
