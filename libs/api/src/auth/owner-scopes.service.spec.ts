import { HubConfig } from '@orrery/core';
import { authDatabase, AuthDatabase } from './auth-database.spec-helper';
import { OwnerScopesService } from './owner-scopes.service';

describe('OwnerScopesService', () => {
  let db: AuthDatabase;
  let config: HubConfig;
  let owners: OwnerScopesService;

  beforeEach(async () => {
    db = await authDatabase();
    config = new HubConfig();
    owners = new OwnerScopesService(db.dataSource, config);
  });
  afterEach(() => db.drop());

  it("gathers a user's own roles, its groups' roles and what is shared with it or its groups", async () => {
    const ann = await db.user('ann');
    const bob = await db.user('bob');
    const carl = await db.user('carl');
    const staff = await db.group('staff', [ann]);
    const others = await db.group('others', [bob]);
    await db.role('reader', ['read:groups'], { users: [ann] });
    await db.role('staffer', ['list:services'], { groups: [staff] });
    await db.role('other', ['admin:users'], { groups: [others], users: [bob] });
    const bobs = await db.spawner(bob, '');
    const carls = await db.spawner(carl, 'lab');
    await db.share(bobs, bob, { userId: ann }, ['access:servers!server=bob/']);
    await db.share(carls, carl, { groupId: staff }, ['access:servers!server=carl/lab']);
    await db.share(carls, carl, { userId: bob }, ['read:users']);
    const scopes = await owners.ownerScopes({ kind: 'user', name: 'ann' }, ann);
    expect(scopes).toEqual(
      expect.arrayContaining([
        'access:servers!server=bob/',
        'access:servers!server=carl/lab',
        'list:services',
        'read:groups',
      ]),
    );
    expect(scopes).not.toContain('admin:users');
    expect(scopes).not.toContain('read:users');
  });

  it("expands a user's roles for that user", async () => {
    const ann = await db.user('ann');
    await db.role('user', ['self'], { users: [ann] });
    const scopes = await owners.ownerScopes({ kind: 'user', name: 'ann' }, ann);
    expect(scopes).toContain('read:servers!user=ann');
    expect(scopes).not.toContain('self');
  });

  it("gathers a service's roles, not those of a user with the same id", async () => {
    const ann = await db.user('ann');
    await db.role('user-role', ['admin:users'], { users: [ann] });
    const svc = await db.service('svc');
    expect(svc).toBe(ann);
    await db.role('svc-role', ['list:users'], { services: [svc] });
    const scopes = await owners.ownerScopes({ kind: 'service', name: 'svc' }, svc);
    expect(scopes).toContain('list:users');
    expect(scopes).not.toContain('admin:users');
  });

  it('expands custom scopes from JupyterHub.custom_scopes', async () => {
    config.JupyterHub.custom_scopes = {
      'custom:grades:read': { description: 'read grades' },
      'custom:grades:write': { description: 'grade', subscopes: ['custom:grades:read'] },
    };
    const svc = await db.service('svc');
    await db.role('grader', ['custom:grades:write'], { services: [svc] });
    expect(owners.customScopes).toBe(config.JupyterHub.custom_scopes);
    const scopes = await owners.ownerScopes({ kind: 'service', name: 'svc' }, svc);
    expect([...scopes].sort()).toEqual(['custom:grades:read', 'custom:grades:write']);
  });

  it('names the server or service an OAuth client belongs to', async () => {
    const ann = await db.user('ann');
    await db.spawner(ann, 'lab', 'jupyterhub-user-ann-lab');
    await db.service('grader', false, 'service-grader');
    expect(await owners.clientRef('jupyterhub-user-ann-lab')).toEqual({
      identifier: 'jupyterhub-user-ann-lab',
      spawner: { user: 'ann', server: 'lab' },
    });
    expect(await owners.clientRef('service-grader')).toEqual({
      identifier: 'service-grader',
      service: 'grader',
    });
    expect(await owners.clientRef('jupyterhub')).toEqual({ identifier: 'jupyterhub' });
  });

  it('resolves the members of groups named in group filters of any list', async () => {
    const ann = await db.user('ann');
    await db.group('staff', [ann]);
    expect(await owners.membersOf([['read:users'], ['list:users']])).toBeUndefined();
    const members = await owners.membersOf([['read:users'], ['read:users!group=staff']]);
    expect([...(members?.('staff') ?? [])]).toEqual(['ann']);
  });
});
