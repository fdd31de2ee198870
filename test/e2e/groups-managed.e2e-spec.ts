import { HubFixture, startHub } from './fixtures/hub-fixture';

/** With Authenticator.manage_groups the identity provider owns membership, not the API. */
describe('groups API with manage_groups', () => {
  let hub: HubFixture;
  beforeAll(async () => {
    hub = await startHub({ Authenticator: { manage_groups: true } });
  });
  afterAll(() => hub.close());

  const refused = { status: 400, message: 'Group management via API is disabled' };

  it('refuses to create groups, delete them or change their members', async () => {
    const admin = hub.auth(hub.tokens.admin);
    const http = () => hub.http();
    const calls = [
      http()
        .post('/hub/api/groups')
        .set(admin)
        .send({ groups: ['g1'] }),
      http().post('/hub/api/groups/g2').set(admin).send({}),
      http().delete('/hub/api/groups/g3').set(admin),
      http()
        .post('/hub/api/groups/g3/users')
        .set(admin)
        .send({ users: ['alice'] }),
      http()
        .delete('/hub/api/groups/g3/users')
        .set(admin)
        .send({ users: ['alice'] }),
    ];
    for (const call of calls) {
      const response = await call;
      expect(response.status).toBe(400);
      expect(response.body).toEqual(refused);
    }
    const list = await http().get('/hub/api/groups').set(admin).expect(200);
    // only the configured group (load_groups of the e2e personas) exists
    expect(list.body.map((group: { name: string }) => group.name)).toEqual(['staff']);
  });

  it('still checks scopes first: a user without admin:groups gets 403', async () => {
    await hub
      .http()
      .post('/hub/api/groups/g4')
      .set(hub.auth(hub.tokens.alice))
      .send({})
      .expect(403);
  });
});
